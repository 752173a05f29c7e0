using Microsoft.AspNetCore.Http.HttpResults;
using StreamDiffusion.Broadcast.Cli;
using StreamDiffusion.Broadcast.Configuration;
using StreamDiffusion.Broadcast.Hosting;

namespace StreamDiffusion.Broadcast.Api;

/// <summary>What <c>GET /api/v1/info</c> answers.</summary>
public sealed record InfoView(string Product, string Version, string Commit, string Runtime, string Os, string ConfigFolder, string StateFolder, string DataRootOrigin, IReadOnlyList<string> Channels, string Ndi);

/// <summary>A short-lived read token for browser endpoints.</summary>
public sealed record AccessTokenView(string Token, DateTimeOffset Expires);

/// <summary><c>/api/v1/info</c> and <c>/api/v1/tokens</c>.</summary>
public static class InfoApi
{
    /// <summary>Maps the endpoints on <paramref name="api"/>.</summary>
    public static RouteGroupBuilder MapInfo(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/info", Info).RequireAuthorization(ApiPolicies.Read).WithTags("Info");
        api.MapPost("/tokens", IssueToken).RequireAuthorization(ApiPolicies.Read).WithTags("Info");
        return api;
    }

    [EndpointSummary("Service information")]
    [EndpointDescription("Product, version and commit, .NET runtime, OS, the data root's folders and how they were chosen, the configured channel names, and the NDI® attribution.")]
    private static Ok<InfoView> Info(DataRoot dataRoot, BroadcastSettings settings) => TypedResults.Ok(new InfoView(
        "StreamDiffusion.Broadcast",
        VersionInfo.Version,
        VersionInfo.Commit,
        $".NET {Environment.Version}",
        System.Runtime.InteropServices.RuntimeInformation.OSDescription,
        dataRoot.ConfigFolder,
        dataRoot.StateFolder,
        dataRoot.Origin,
        [.. settings.Channels.Select(c => c.Name)],
        NdiAttribution.Text));

    // Read scope is enough: the token only opens the read-only browser endpoints (events, thumbnails).
    [EndpointSummary("Issue a browser access token")]
    [EndpointDescription("A 10-minute token for the endpoints a browser opens directly (server-sent events, thumbnails), passed there as `?access_token=`; it opens nothing else.")]
    private static Ok<AccessTokenView> IssueToken(HttpContext context, AccessTokens tokens)
    {
        var (token, expires) = tokens.Issue(context.User.Identity?.Name ?? "unknown");
        return TypedResults.Ok(new AccessTokenView(token, expires));
    }
}
