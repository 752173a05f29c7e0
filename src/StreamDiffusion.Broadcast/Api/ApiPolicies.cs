using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using StreamDiffusion.Broadcast.Configuration;

namespace StreamDiffusion.Broadcast.Api;

/// <summary>Authorization and rate-limit policy names of the API, and their registration.</summary>
public static class ApiPolicies
{
    /// <summary>Any authenticated caller (read or control scope).</summary>
    public const string Read = "read";

    /// <summary>Callers with control scope.</summary>
    public const string Control = "control";

    /// <summary>Rate limit of control calls, per caller.</summary>
    public const string ControlRate = "control-rate";

    /// <summary>Adds authentication, the two scopes and the control rate limit.</summary>
    public static IServiceCollection AddApiPolicies(this IServiceCollection services, BroadcastSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        services.AddAuthentication(ApiKeyAuthentication.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(Read, p => p.RequireAuthenticatedUser())
            .AddPolicy(Control, p => p.RequireAuthenticatedUser().RequireClaim(ApiKeyAuthentication.ScopeClaim, nameof(ApiScope.Control)));

        var perSecond = settings.Api.ControlRequestsPerSecond;
        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(ControlRate, context => RateLimitPartition.GetTokenBucketLimiter(
                context.User.Identity?.Name ?? context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = 2 * perSecond,
                    TokensPerPeriod = perSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                }));
            limiter.OnRejected = (context, cancellationToken) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "1";
                return new ValueTask(ApiProblems.Write(context.HttpContext, StatusCodes.Status429TooManyRequests, "Too many control calls",
                    $"At most {perSecond} control calls per second (bursts of {2 * perSecond}) are accepted from one caller; retry after a second. " +
                    "Api:ControlRequestsPerSecond sets the rate."));
            };
        });
        return services;
    }

    /// <summary>Applies the guards every control endpoint shares: JSON and Origin checks, rate limit, audit log.</summary>
    public static RouteHandlerBuilder AddControlPolicies(this RouteHandlerBuilder endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return endpoint
            .AddEndpointFilter<AuditLog>()
            .AddEndpointFilter<ControlRequestFilter>()
            .RequireRateLimiting(ControlRate);
    }
}
