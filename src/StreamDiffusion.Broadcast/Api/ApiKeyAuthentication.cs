using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace StreamDiffusion.Broadcast.Api;

/// <summary>
/// Authenticates API callers by the <c>X-Api-Key</c> header, or the same key as <c>Authorization: Bearer</c> (what
/// Prometheus' scrape configuration sends), or, for SSE and thumbnails only, a short-lived token in the
/// <c>access_token</c> query parameter. With no key configured, callers on the loopback interface are let in with
/// control scope and everyone else is refused. Keys and tokens are never logged.
/// </summary>
public sealed class ApiKeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyStore keys, AccessTokens tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>The scheme name.</summary>
    public const string SchemeName = "ApiKey";

    /// <summary>The header that carries the key.</summary>
    public const string HeaderName = "X-Api-Key";

    /// <summary>The claim that carries the scope.</summary>
    public const string ScopeClaim = "scope";

    /// <inheritdoc />
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Request.Headers.TryGetValue(HeaderName, out var presented))
        {
            var key = presented.Count == 1 ? keys.Find(presented[0] ?? "") : null;
            return Task.FromResult(key is null
                ? AuthenticateResult.Fail("the X-Api-Key header does not hold a configured key")
                : Success(key.Name, key.Scope));
        }

        if (BearerKey(Request.Headers.Authorization) is { } bearer)
        {
            return Task.FromResult(keys.Find(bearer) is { } key
                ? Success(key.Name, key.Scope)
                : AuthenticateResult.Fail("the Authorization: Bearer header does not hold a configured key"));
        }

        if (Request.Query.TryGetValue("access_token", out var token) && Context.GetEndpoint()?.Metadata.GetMetadata<AllowsAccessTokenAttribute>() is not null)
        {
            return Task.FromResult(tokens.Validate(token.ToString()) is { } holder
                ? Success(holder, ApiScope.Read)
                : AuthenticateResult.Fail("the access token is unknown or expired; get a new one from POST /api/v1/tokens"));
        }

        if (!keys.HasKeys && Context.Connection.RemoteIpAddress is { } address && IPAddress.IsLoopback(address))
        {
            return Task.FromResult(Success("loopback (no API key configured)", ApiScope.Control));
        }

        return Task.FromResult(AuthenticateResult.NoResult());
    }

    /// <inheritdoc />
    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        ApiProblems.Write(Context, StatusCodes.Status401Unauthorized, "API key required",
            keys.HasKeys
                ? $"Send a configured key in the {HeaderName} header (keys are listed by name in api-keys.json)."
                : "No API key is configured, so only callers on this machine are served. Add a key to api-keys.json (docs/api.md) to call from elsewhere.");

    /// <inheritdoc />
    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiProblems.Write(Context, StatusCodes.Status403Forbidden, "Control scope required",
            "This key may only read. Use a key whose scope is \"control\" for calls that change what is on air.");

    // Only the Bearer scheme is ours; any other Authorization header (a proxy's Basic, say) is left alone.
    private static string? BearerKey(Microsoft.Extensions.Primitives.StringValues header) =>
        header.Count == 1 && header[0] is { } value && value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? value["Bearer ".Length..].Trim()
            : null;

    private AuthenticateResult Success(string name, ApiScope scope)
    {
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, name), new Claim(ScopeClaim, scope.ToString())], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}

/// <summary>Marks an endpoint that browsers open directly (EventSource, img src), where a short-lived token may replace the key.</summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class)]
public sealed class AllowsAccessTokenAttribute : Attribute;
