using Microsoft.AspNetCore.Http.HttpResults;
using System.Text.Json;
using StreamDiffusion.Broadcast.Channels;
using StreamDiffusion.Broadcast.Presets;

namespace StreamDiffusion.Broadcast.Api;

/// <summary>A channel as the API shows it.</summary>
public sealed record ChannelView(
    string Name, string State, string Reason, DateTimeOffset Since, int Restarts, string Input, string Output, string Preset, string Prompt,
    bool Bypass, ChannelCountersSnapshot Counters, bool Hold, CuedPreset? Cued, ChannelParameters Parameters, double? OutputDelayMs, string? OutputFormat);

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
        channels.MapChannelControl();
        return channels;
    }

    internal static BroadcastChannel? Find(string name, IReadOnlyList<BroadcastChannel> channels) =>
        channels.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));

    internal static ProblemHttpResult UnknownChannel(string name, IReadOnlyList<BroadcastChannel> channels) =>
        TypedResults.Problem(statusCode: 404, title: "Unknown channel",
            detail: $"No channel \"{name}\". Channels: {string.Join(", ", channels.Select(c => c.Name))}.",
            extensions: new Dictionary<string, object?> { ["channel"] = name });

    [EndpointSummary("List channels")]
    [EndpointDescription("Every running channel: state and reason, restarts, input, published output, preset and prompt, bypass, and the frame counters.")]
    private static Ok<ChannelView[]> List(IReadOnlyList<BroadcastChannel> channels) => TypedResults.Ok(channels.Select(View).ToArray());

    [EndpointSummary("Read a channel")]
    [EndpointDescription("One channel's state, as in the list; 404 lists the channels.")]
    private static Results<Ok<ChannelView>, ProblemHttpResult> Get(string name, IReadOnlyList<BroadcastChannel> channels) =>
        Find(name, channels) is { } channel ? TypedResults.Ok(View(channel)) : UnknownChannel(name, channels);

    internal static ChannelView View(BroadcastChannel channel)
    {
        var status = channel.Status.Current;
        return new ChannelView(channel.Name, status.State.ToString().ToLowerInvariant(), status.Reason, status.Since, status.Restarts,
            channel.Settings.Input, channel.OutputDescription, channel.PresetId, channel.Prompt, channel.Bypass, channel.Counters.Snapshot(),
            channel.Hold, channel.Cued, channel.Parameters, channel.OutputDelay?.TotalMilliseconds,
            channel.OutputFormat is { } format ? $"{format.Spec.Width}x{format.Spec.Height}@{format.Rate.RateN}/{format.Rate.RateD} {format.Spec.Format} {format.Spec.FieldFormat}".ToLowerInvariant() : null);
    }
}
