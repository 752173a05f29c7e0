using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.OpenApi;

namespace StreamDiffusion.Broadcast.Api;

/// <summary>
/// Writes into each operation of the OpenAPI document what its authorization and control guards mean for a caller:
/// the <c>X-Api-Key</c> requirement with the scope it needs (OpenAPI 3.1 allows role names on non-OAuth schemes), and
/// the 401, 403, 415 and 429 problems those guards answer, which no handler declares itself.
/// </summary>
internal static class OpenApiScopes
{
    /// <summary>The operation transformer.</summary>
    public static Task Apply(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var policies = metadata.OfType<IAuthorizeData>().Select(a => a.Policy).ToHashSet(StringComparer.Ordinal);
        var scope = policies.Contains(ApiPolicies.Control) ? ApiPolicies.Control : policies.Contains(ApiPolicies.Read) ? ApiPolicies.Read : null;
        if (scope is null)
        {
            return Task.CompletedTask;
        }

        operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyAuthentication.SchemeName, context.Document)] = [scope] }];
        operation.Responses ??= [];
        AddProblem(operation, StatusCodes.Status401Unauthorized,
            $"No {ApiKeyAuthentication.HeaderName}, or one that is not configured (while no key is configured, loopback callers need none)");
        if (scope == ApiPolicies.Control)
        {
            AddProblem(operation, StatusCodes.Status403Forbidden, "The key has read scope only, or the Origin header is not allowed (Api:AllowedOrigins)");
            AddProblem(operation, StatusCodes.Status415UnsupportedMediaType, "The body is not sent as Content-Type: application/json");
        }

        if (metadata.OfType<EnableRateLimitingAttribute>().Any())
        {
            AddProblem(operation, StatusCodes.Status429TooManyRequests, "Over Api:ControlRequestsPerSecond for this caller; retry after the Retry-After seconds");
        }

        return Task.CompletedTask;
    }

    private static void AddProblem(OpenApiOperation operation, int status, string description) =>
        operation.Responses!.TryAdd(status.ToString(System.Globalization.CultureInfo.InvariantCulture), new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() },
        });
}
