using Microsoft.AspNetCore.Http.HttpResults;
using StreamDiffusion.Broadcast.Channels;

namespace StreamDiffusion.Broadcast.Api;

/// <summary>A channel as the API shows it.</summary>
public sealed record ChannelView(
    string Name, string State, string Reason, DateTimeOffset Since, int Restarts, string Input, string Output, string Preset, string Prompt,
    bool Bypass, ChannelCountersSnapshot Counters);

/// <summary>The <c>/api/v1/channels</c> resource: status of every channel.</summary>
public static class ChannelsApi
{
    /// <summary>Maps the channel endpoints on <paramref name="api"/>.</summary>
    public static RouteGroupBuilder MapChannels(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var channels = api.MapGroup("/channels").WithTags("Channels");
        channels.MapGet("/", List).RequireAuthorization(ApiPolicies.Read);
        channels.MapGet("/{name}", Get).RequireAuthorization(ApiPolicies.Read);
        return channels;
    }

    private static Ok<ChannelView[]> List(IReadOnlyList<BroadcastChannel> channels) => TypedResults.Ok(channels.Select(View).ToArray());

    private static Results<Ok<ChannelView>, ProblemHttpResult> Get(string name, IReadOnlyList<BroadcastChannel> channels) =>
        channels.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase)) is { } channel
            ? TypedResults.Ok(View(channel))
            : TypedResults.Problem(statusCode: 404, title: "Unknown channel",
                detail: $"No channel \"{name}\". Channels: {string.Join(", ", channels.Select(c => c.Name))}.",
                extensions: new Dictionary<string, object?> { ["channel"] = name });

    private static ChannelView View(BroadcastChannel channel)
    {
        var status = channel.Status.Current;
        return new ChannelView(channel.Name, status.State.ToString().ToLowerInvariant(), status.Reason, status.Since, status.Restarts,
            channel.Settings.Input, channel.OutputDescription, channel.PresetId, channel.Prompt, channel.Bypass, channel.Counters.Snapshot());
    }
}
