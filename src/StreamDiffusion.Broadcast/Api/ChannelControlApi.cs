using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using StreamDiffusion.Broadcast.Channels;
using StreamDiffusion.Broadcast.Presets;
using StreamDiffusion.Core.Guidance;

namespace StreamDiffusion.Broadcast.Api;

/// <summary>The parameters in force on a channel.</summary>
/// <param name="Channel">The channel's name.</param>
/// <param name="Preset">The preset they are based on (empty without one).</param>
/// <param name="Parameters">The parameters in force.</param>
/// <param name="Live">The fields changed live since the preset was taken.</param>
/// <param name="Pending">True when the channel has no running model: they are remembered and applied when one runs.</param>
public sealed record ChannelParametersView(string Channel, string Preset, ChannelParameters Parameters, IReadOnlyList<string> Live, bool Pending);

/// <summary>
/// The operator controls of a channel beyond preset switching and bypass: live parameters, cue and take, hold. Each
/// handler only parses the request and calls <see cref="BroadcastChannel"/>, which validates (with the preset files'
/// limits) and applies; a refused value is a 400 problem naming the field.
/// </summary>
public static class ChannelControlApi
{
    private static readonly string[] s_parameterFields =
        ["prompt", "negativePrompt", "guidanceScale", "delta", "tIndexList", "strength", "seed", "guidanceMode", "similarityFilter", "transition"];

    private static readonly string[] s_filterFields = ["enabled", "threshold", "maxSkipFrames"];
    private static readonly string[] s_transitionFields = ["kind", "seconds", "curve"];
    private static readonly string[] s_cueFields = ["preset", "transition"];
    private static readonly string[] s_takeFields = ["transition"];
    private static readonly string[] s_enabledFields = ["enabled"];

    /// <summary>Maps the control endpoints on the <c>/channels</c> group.</summary>
    public static RouteGroupBuilder MapChannelControl(this RouteGroupBuilder channels)
    {
        ArgumentNullException.ThrowIfNull(channels);
        channels.MapPost("/{name}/preset", SwitchPreset).RequireAuthorization(ApiPolicies.Control).AddControlPolicies();
        channels.MapPost("/{name}/bypass", SetBypass).RequireAuthorization(ApiPolicies.Control).AddControlPolicies();
        channels.MapGet("/{name}/parameters", GetParameters).RequireAuthorization(ApiPolicies.Read);
        channels.MapPatch("/{name}/parameters", SetParameters).RequireAuthorization(ApiPolicies.Control).AddControlPolicies();
        channels.MapPost("/{name}/cue", Cue).RequireAuthorization(ApiPolicies.Control).AddControlPolicies();
        channels.MapPost("/{name}/take", Take).RequireAuthorization(ApiPolicies.Control).AddControlPolicies();
        channels.MapPost("/{name}/hold", SetHold).RequireAuthorization(ApiPolicies.Control).AddControlPolicies();
        return channels;
    }

    [EndpointSummary("The parameters in force on a channel")]
    [EndpointDescription("The prompt, negative prompt, guidance, delta, t_index list, seed, guidance mode and similarity filter in force, which fields were changed live since the preset was taken, and whether they wait for a model.")]
    private static Results<Ok<ChannelParametersView>, ProblemHttpResult> GetParameters(string name, IReadOnlyList<BroadcastChannel> channels) =>
        ChannelsApi.Find(name, channels) is { } channel
            ? TypedResults.Ok(new ChannelParametersView(channel.Name, channel.PresetId, channel.Parameters, channel.LiveChanges, channel.Pipeline is null))
            : ChannelsApi.UnknownChannel(name, channels);

    // { "preset": "neon" | 2, "transition": { … } }: the transition defaults to the preset's own; the text is encoded
    // here, off the frame path, and the picture blends to it.
    [EndpointSummary("Take a preset")]
    [EndpointDescription("Switches the channel to a preset by id or slot, with the preset's own transition or the one given. The prompt is encoded before the call returns; the picture blends to it. Live parameter changes are dropped. 404 for an unknown channel or preset (the detail lists them), 422 when the preset cannot apply to the channel.")]
    [Microsoft.AspNetCore.Mvc.Consumes(typeof(PresetSwitchBody), "application/json")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<ChannelView>(StatusCodes.Status200OK)]
    private static Task<IResult> SwitchPreset(string name, HttpRequest request, IReadOnlyList<BroadcastChannel> channels, PresetStore presets, CancellationToken cancellationToken) =>
        WithChannelBodyAsync(name, request, channels, s_cueFields, optionalBody: false, cancellationToken, (channel, root, fields) =>
        {
            var (preset, transition, problem) = PresetAndTransition(root, fields, presets.Current);
            if (preset is null)
            {
                return problem!;
            }

            channel.Apply(transition is null ? preset : preset with { Transition = transition });
            return TypedResults.Ok(ChannelsApi.View(channel));
        });

    // { "enabled": true | false }: crossfades to the unprocessed input and back.
    [EndpointSummary("Bypass on or off")]
    [EndpointDescription("{ \"enabled\": true } crossfades the output to the unprocessed input (state bypass, reason \"bypass (operator)\"); false crossfades back to processing. It outlives a restart of the channel.")]
    private static Task<IResult> SetBypass(string name, HttpRequest request, IReadOnlyList<BroadcastChannel> channels, CancellationToken cancellationToken) =>
        SwitchAsync(name, request, channels, "put the unprocessed input on air", "back to processing", (channel, on) => channel.Bypass = on, cancellationToken);

    // A partial change on top of what is in force; fields left out stay. The text is encoded before the call returns.
    [EndpointSummary("Change live parameters")]
    [EndpointDescription("A partial change on top of what is in force (fields left out stay); limits are those of preset files. The answer says which changed fields are structural (applied by a background warm-up and hand-over) and which blend. The latest request wins.")]
    private static Task<IResult> SetParameters(string name, HttpRequest request, IReadOnlyList<BroadcastChannel> channels, CancellationToken cancellationToken) =>
        WithChannelBodyAsync(name, request, channels, s_parameterFields, optionalBody: false, cancellationToken, (channel, root, fields) =>
        {
            var filter = fields.Object(root, "", "similarityFilter");
            if (filter is { } f)
            {
                fields.RejectUnknown(f, "similarityFilter.", s_filterFields);
            }

            var change = new ParameterChange
            {
                Prompt = fields.String(root, "", "prompt"),
                NegativePrompt = fields.String(root, "", "negativePrompt"),
                GuidanceScale = fields.Number(root, "", "guidanceScale"),
                Delta = fields.Number(root, "", "delta"),
                TIndexList = fields.WholeNumbers(root, "", "tIndexList"),
                Strength = fields.Number(root, "", "strength"),
                Seed = fields.WholeNumber(root, "", "seed"),
                GuidanceMode = fields.Enum<GuidanceMode>(root, "", "guidanceMode"),
                FilterEnabled = filter is { } e ? fields.Bool(e, "similarityFilter.", "enabled") : null,
                FilterThreshold = filter is { } t ? fields.Number(t, "similarityFilter.", "threshold") : null,
                FilterMaxSkipFrames = filter is { } m ? fields.WholeNumber(m, "similarityFilter.", "maxSkipFrames") : null,
                Transition = fields.Transition(root, channel.PresetTransition),
            };
            return fields.Problem ?? TypedResults.Ok(channel.SetParameters(change));
        });

    // { "preset": "neon" | 2, "transition": { … } }, like a switch: the preset's text is encoded now, ready to take.
    [EndpointSummary("Cue a preset")]
    [EndpointDescription("Prepares a preset (by id or slot, optional transition) without putting it on air: its text is encoded now, so the take encodes nothing. Replaces an earlier cue.")]
    private static Task<IResult> Cue(string name, HttpRequest request, IReadOnlyList<BroadcastChannel> channels, PresetStore presets, CancellationToken cancellationToken) =>
        WithChannelBodyAsync(name, request, channels, s_cueFields, optionalBody: false, cancellationToken, (channel, root, fields) =>
        {
            var (preset, transition, problem) = PresetAndTransition(root, fields, presets.Current);
            if (preset is null)
            {
                return problem!;
            }

            channel.Cue(preset, transition);
            return TypedResults.Ok(ChannelsApi.View(channel));
        });

    // An empty body (even none at all: curl -X POST without -d sends no Content-Length) or { "transition": { … } }:
    // the cued preset goes in force at once, nothing is encoded now.
    [EndpointSummary("Take the cued preset")]
    [EndpointDescription("Puts the cued preset in force at once, optionally with another transition, dropping live changes. 409 when nothing is cued.")]
    private static Task<IResult> Take(string name, HttpRequest request, IReadOnlyList<BroadcastChannel> channels, CancellationToken cancellationToken) =>
        WithChannelBodyAsync(name, request, channels, s_takeFields, optionalBody: true, cancellationToken, (channel, root, fields) =>
        {
            var transition = fields.Transition(root, channel.Cued?.Transition ?? PresetTransition.Default);
            if (fields.Problem is not null)
            {
                return fields.Problem;
            }

            try
            {
                return TypedResults.Ok(channel.Take(transition));
            }
            catch (InvalidOperationException nothingCued)
            {
                return Results.Problem(statusCode: 409, title: "Nothing cued",
                    detail: $"{nothingCued.Message} POST /api/v1/channels/{channel.Name}/cue with {{ \"preset\": \"<id or slot>\" }}.",
                    extensions: new Dictionary<string, object?> { ["channel"] = channel.Name });
            }
        });

    // { "enabled": true | false }: freeze the output on the last frame sent, or release it.
    [EndpointSummary("Hold or release the output")]
    [EndpointDescription("{ \"enabled\": true } freezes the output on the last frame sent (frames still go out every slot; state holding, reason \"hold (operator)\"); false releases it. Hold wins over bypass and input loss.")]
    private static Task<IResult> SetHold(string name, HttpRequest request, IReadOnlyList<BroadcastChannel> channels, CancellationToken cancellationToken) =>
        SwitchAsync(name, request, channels, "freeze the output on the last frame sent", "release it", (channel, on) => channel.Hold = on, cancellationToken);

    // { "enabled": true | false } for an operator switch of the channel; the answer is the channel's view.
    private static Task<IResult> SwitchAsync(
        string name, HttpRequest request, IReadOnlyList<BroadcastChannel> channels, string whenOn, string whenOff, Action<BroadcastChannel, bool> set,
        CancellationToken cancellationToken) =>
        WithChannelBodyAsync(name, request, channels, s_enabledFields, optionalBody: false, cancellationToken, (channel, root, _) =>
        {
            if (!root.TryGetProperty("enabled", out var enabled) || enabled.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                return JsonBody.FieldProblem("enabled", $"must be true ({whenOn}) or false ({whenOff}).");
            }

            set(channel, enabled.GetBoolean());
            return TypedResults.Ok(ChannelsApi.View(channel));
        });

    // Every control call starts the same way: the channel (404 naming the known ones), the body as one JSON object
    // (4xx saying what is wrong with it), no unknown field (400 naming it); then the call's own reading and action,
    // whose refused values become problems naming the field.
    private static async Task<IResult> WithChannelBodyAsync(
        string name, HttpRequest request, IReadOnlyList<BroadcastChannel> channels, string[] knownFields, bool optionalBody, CancellationToken cancellationToken,
        Func<BroadcastChannel, JsonElement, FieldReader, IResult> handle)
    {
        if (ChannelsApi.Find(name, channels) is not { } channel)
        {
            return ChannelsApi.UnknownChannel(name, channels);
        }

        var (body, problem) = optionalBody
            ? await JsonBody.ReadOptionalObjectAsync(request, cancellationToken).ConfigureAwait(false)
            : await JsonBody.ReadObjectAsync(request, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            return problem!;
        }

        using (body)
        {
            var fields = new FieldReader();
            fields.RejectUnknown(body.RootElement, "", knownFields);
            if (fields.Problem is not null)
            {
                return fields.Problem;
            }

            try
            {
                return handle(channel, body.RootElement, fields);
            }
            catch (ArgumentException refused)
            {
                return Refused(refused);
            }
        }
    }

    // The body of /preset and /cue: the preset by id or slot, and the transition (the preset's own unless given).
    private static (Preset? Preset, PresetTransition? Transition, IResult? Problem) PresetAndTransition(JsonElement root, FieldReader fields, PresetCatalog catalog)
    {
        var (preset, unknown) = FindPreset(root, catalog);
        if (preset is null)
        {
            return (null, null, unknown);
        }

        var transition = fields.Transition(root, preset.Transition);
        return fields.Problem is null ? (preset, transition, null) : (null, null, fields.Problem);
    }

    private static (Preset? Preset, IResult? Problem) FindPreset(JsonElement root, PresetCatalog catalog)
    {
        if (!root.TryGetProperty("preset", out var selector))
        {
            return (null, JsonBody.FieldProblem("preset", "missing; give a preset id (\"neon\") or a slot number (2)."));
        }

        Preset? preset;
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
            return (null, JsonBody.FieldProblem("preset", "must be a preset id (string) or a slot number."));
        }

        return preset is not null
            ? (preset, null)
            : (null, Results.Problem(statusCode: 404, title: "Unknown preset",
                detail: $"No preset {selector.GetRawText()} is loaded. Presets: {string.Join(", ", catalog.Presets.Values.Select(p => p.Slot is { } s ? $"{p.Id} (slot {s})" : p.Id))}.",
                extensions: new Dictionary<string, object?> { ["preset"] = selector.GetRawText(), ["field"] = "preset" }));
    }

    // A value outside the limits names its field (400); a valid set of values the model cannot run is a 422.
    private static IResult Refused(ArgumentException refused) =>
        refused is ParameterValueException { ParamName: { Length: > 0 } field } value
            ? JsonBody.FieldProblem(field, value.Problem)
            : Results.Problem(statusCode: 422, title: "Parameters not applicable", detail: refused.Message);

    /// <summary>Reads typed fields of a request body and keeps the first problem (a 400 naming the field); ranges are the channel's to check.</summary>
    private sealed class FieldReader
    {
        public IResult? Problem { get; private set; }

        public void RejectUnknown(JsonElement obj, string prefix, string[] known)
        {
            foreach (var property in obj.EnumerateObject())
            {
                if (Array.IndexOf(known, property.Name) < 0)
                {
                    Fail($"{prefix}{property.Name}", $"unknown field; known fields here: {string.Join(", ", known)} (names are case-sensitive).");
                }
            }
        }

        public JsonElement? Object(JsonElement obj, string prefix, string name) =>
            Read(obj, prefix, name, "an object { … }", v => v.ValueKind == JsonValueKind.Object ? v : (JsonElement?)null);

        public string? String(JsonElement obj, string prefix, string name) =>
            Read(obj, prefix, name, "a string in quotes", v => v.ValueKind == JsonValueKind.String ? v.GetString() : null);

        public double? Number(JsonElement obj, string prefix, string name) =>
            Read(obj, prefix, name, "a number", v => v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var d) && double.IsFinite(d) ? d : (double?)null);

        public long? WholeNumber(JsonElement obj, string prefix, string name) =>
            Read(obj, prefix, name, "a whole number", v => v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) ? n : (long?)null);

        public bool? Bool(JsonElement obj, string prefix, string name) =>
            Read(obj, prefix, name, "true or false", v => v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : (bool?)null);

        public TEnum? Enum<TEnum>(JsonElement obj, string prefix, string name)
            where TEnum : struct, Enum =>
            Read(obj, prefix, name, $"one of {string.Join(", ", System.Enum.GetNames<TEnum>().Select(n => $"\"{char.ToLowerInvariant(n[0])}{n[1..]}\""))}",
                v => v.ValueKind == JsonValueKind.String && !int.TryParse(v.GetString(), out _) && System.Enum.TryParse<TEnum>(v.GetString(), ignoreCase: true, out var parsed)
                    ? parsed
                    : (TEnum?)null);

        public int[]? WholeNumbers(JsonElement obj, string prefix, string name) =>
            Read(obj, prefix, name, "an array of whole numbers, e.g. [32, 45]", v =>
            {
                if (v.ValueKind != JsonValueKind.Array)
                {
                    return null;
                }

                var numbers = new int[v.GetArrayLength()];
                var i = 0;
                foreach (var item in v.EnumerateArray())
                {
                    if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt32(out numbers[i++]))
                    {
                        return null;
                    }
                }

                return numbers;
            });

        // { "kind": "cut" | "blend", "seconds": 0–60, "curve": "linear" | "slerp" }; what is left out comes from
        // fallback (a cut is always 0 s). Null when the body has no transition.
        public PresetTransition? Transition(JsonElement root, PresetTransition fallback)
        {
            if (Object(root, "", "transition") is not { } t)
            {
                return null;
            }

            RejectUnknown(t, "transition.", s_transitionFields);
            var kind = Enum<TransitionKind>(t, "transition.", "kind") ?? fallback.Kind;
            var seconds = Number(t, "transition.", "seconds");
            if (seconds is { } given && ParameterLimits.Number(given, ParameterLimits.TransitionSeconds) is { } outside)
            {
                Fail("transition.seconds", outside);
            }

            var curve = Enum<BlendCurve>(t, "transition.", "curve") ?? fallback.Curve;
            return new PresetTransition(kind, kind == TransitionKind.Cut ? 0 : seconds ?? fallback.Seconds, curve);
        }

        private T? Read<T>(JsonElement obj, string prefix, string name, string expected, Func<JsonElement, T?> parse)
        {
            if (!obj.TryGetProperty(name, out var value))
            {
                return default;
            }

            var parsed = parse(value);
            if (parsed is null)
            {
                Fail($"{prefix}{name}", $"expected {expected}, found {(value.ValueKind == JsonValueKind.String ? $"\"{value.GetString()}\"" : value.GetRawText())}.");
            }

            return parsed;
        }

        private void Fail(string field, string detail) => Problem ??= JsonBody.FieldProblem(field, detail);
    }
}
