using StreamDiffusion.Broadcast.Configuration;

namespace StreamDiffusion.Broadcast.Api;

/// <summary>
/// Guards calls that change what is on air against being driven by a web page in the operator's browser: they must
/// carry <c>Content-Type: application/json</c> (which a cross-site form cannot send without a CORS preflight, and CORS
/// is off) and an Origin that is absent, our own, or in <c>Api:AllowedOrigins</c>.
/// </summary>
public sealed class ControlRequestFilter(BroadcastSettings settings) : IEndpointFilter
{
    private readonly HashSet<string> _allowedOrigins = new(
        settings.Api.AllowedOrigins.Select(o => new Uri(o).GetLeftPart(UriPartial.Authority)), StringComparer.OrdinalIgnoreCase);

    /// <inheritdoc />
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var request = context.HttpContext.Request;
        if (!request.HasJsonContentType())
        {
            return Results.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "JSON required",
                detail: $"Control calls must send a JSON body with Content-Type: application/json (got \"{request.ContentType ?? "none"}\").");
        }

        if (request.Headers.Origin is { Count: > 0 } origins)
        {
            var origin = origins[0] ?? "";
            var own = $"{request.Scheme}://{request.Host}";
            if (!string.Equals(origin, own, StringComparison.OrdinalIgnoreCase) && !_allowedOrigins.Contains(origin))
            {
                return Results.Problem(
                    statusCode: StatusCodes.Status403Forbidden,
                    title: "Origin not allowed",
                    detail: $"Control calls from web pages at {origin} are refused. Add the origin to Api:AllowedOrigins if that page is yours.");
            }
        }

        return await next(context).ConfigureAwait(false);
    }
}
