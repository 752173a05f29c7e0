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
        channels.MapPost("/{name}/preset", SwitchPreset).RequireAuthorization(ApiPolicies.Control).AddControlPolicies();
        channels.MapPost("/{name}/bypass", SetBypass).RequireAuthorization(ApiPolicies.Control).AddControlPolicies();
        channels.MapChannelControl();
        return channels;
    }

    // { "preset": "neon" | 2, "transition": { "kind": "cut" | "blend", "seconds": 0..60 } }: the transition defaults to
    // the preset's own; the text is encoded here, off the frame path, and the picture blends to it.
    [EndpointSummary("Take a preset")]
    [EndpointDescription("Switches the channel to a preset by id or slot, with the preset's own transition or the one given. The prompt is encoded before the call returns; the picture blends to it. 404 for an unknown channel or preset (the detail lists them), 422 when the preset cannot apply to the channel.")]
    [Microsoft.AspNetCore.Mvc.Consumes(typeof(PresetSwitchBody), "application/json")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<ChannelView>(StatusCodes.Status200OK)]
    private static async Task<IResult> SwitchPreset(string name, HttpRequest request, IReadOnlyList<BroadcastChannel> channels, PresetStore presets, CancellationToken cancellationToken)
    {
        if (Find(name, channels) is not { } channel)
        {
            return UnknownChannel(name, channels);
        }

        var (body, problem) = await JsonBody.ReadObjectAsync(request, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            return problem!;
        }

        using (body)
        {
            var root = body.RootElement;
            var catalog = presets.Current;
            Preset? preset = null;
            if (!root.TryGetProperty("preset", out var selector))
            {
                return JsonBody.FieldProblem("preset", "missing; give a preset id (\"neon\") or a slot number (2).");
            }

            if (selector.ValueKind == JsonValueKind.String)
            {
                preset = catalog.Presets.GetValueOrDefault(selector.GetString()!);
            }
            else if (selector.ValueKind == JsonValueKind.Number && selector.TryGetInt32(out var slot))
            {
                preset = catalog.FindBySlot(slot);
            }
            else
            {
                return JsonBody.FieldProblem("preset", "must be a preset id (string) or a slot number.");
            }

            if (preset is null)
            {
                return Results.Problem(statusCode: 404, title: "Unknown preset",
                    detail: $"No preset {selector.GetRawText()} is loaded. Presets: {string.Join(", ", catalog.Presets.Values.Select(p => p.Slot is { } s ? $"{p.Id} (slot {s})" : p.Id))}.",
                    extensions: new Dictionary<string, object?> { ["preset"] = selector.GetRawText() });
            }

            if (root.TryGetProperty("transition", out var transition))
            {
                if (transition.ValueKind != JsonValueKind.Object)
                {
                    return JsonBody.FieldProblem("transition", "must be an object { \"kind\": \"cut\" | \"blend\", \"seconds\": 0–60 }.");
                }

                var kind = preset.Transition.Kind;
                if (transition.TryGetProperty("kind", out var kindValue))
                {
                    if (kindValue.ValueKind != JsonValueKind.String || !Enum.TryParse<TransitionKind>(kindValue.GetString(), ignoreCase: true, out kind) || int.TryParse(kindValue.GetString(), out _))
                    {
                        return JsonBody.FieldProblem("transition.kind", $"{kindValue.GetRawText()} is not \"cut\" or \"blend\".");
                    }
                }

                var seconds = kind == TransitionKind.Cut ? 0 : preset.Transition.Seconds;
                if (transition.TryGetProperty("seconds", out var secondsValue))
                {
                    if (secondsValue.ValueKind != JsonValueKind.Number || !secondsValue.TryGetDouble(out seconds) || seconds is < 0 or > 60)
                    {
                        return JsonBody.FieldProblem("transition.seconds", $"{secondsValue.GetRawText()} is not a number of seconds in [0, 60].");
                    }
                }

                preset = preset with { Transition = preset.Transition with { Kind = kind, Seconds = kind == TransitionKind.Cut ? 0 : seconds } };
            }

            try
            {
                channel.Apply(preset);
            }
            catch (ArgumentException e)
            {
                return Results.Problem(statusCode: 422, title: "Preset not applicable", detail: e.Message);
            }

            return TypedResults.Ok(View(channel));
        }
    }

    // { "enabled": true | false }: crossfades to the unprocessed input and back.
    [EndpointSummary("Bypass on or off")]
    [EndpointDescription("Crossfades the channel's output to the unprocessed input (`enabled: true`) and back to processing (`false`).")]
    [Microsoft.AspNetCore.Mvc.Consumes(typeof(BypassBody), "application/json")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<ChannelView>(StatusCodes.Status200OK)]
    private static async Task<IResult> SetBypass(string name, HttpRequest request, IReadOnlyList<BroadcastChannel> channels, CancellationToken cancellationToken)
    {
        if (Find(name, channels) is not { } channel)
        {
            return UnknownChannel(name, channels);
        }

        var (body, problem) = await JsonBody.ReadObjectAsync(request, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            return problem!;
        }

        using (body)
        {
            if (!body.RootElement.TryGetProperty("enabled", out var enabled) || enabled.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                return JsonBody.FieldProblem("enabled", "must be true (put the unprocessed input on air) or false (back to processing).");
            }

            channel.Bypass = enabled.GetBoolean();
            return TypedResults.Ok(View(channel));
        }
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
