using StreamDiffusion.Broadcast.Presets;
using StreamDiffusion.Core.Filtering;

namespace StreamDiffusion.Broadcast.Api;

// The bodies below are read by hand (JsonBody) so that each wrong field gets a problem that names it; these records
// only describe them in the OpenAPI document ([Consumes] on the handlers). Keep them in step with the handlers.

/// <summary>The body of <c>POST /api/v1/channels/{name}/preset</c>.</summary>
/// <param name="Preset">A preset id (string, e.g. "neon") or a slot number (integer, e.g. 2).</param>
/// <param name="Transition">How the switch reaches the picture; the preset's own transition when absent.</param>
public sealed record PresetSwitchBody(object Preset, TransitionBody? Transition = null);

/// <summary>The transition of a preset switch.</summary>
/// <param name="Kind">cut or blend; the preset's own when absent.</param>
/// <param name="Seconds">Blend duration in seconds, 0–60; the preset's own when absent, 0 for a cut.</param>
public sealed record TransitionBody(TransitionKind? Kind = null, double? Seconds = null);

/// <summary>The body of <c>POST /api/v1/channels/{name}/bypass</c>.</summary>
/// <param name="Enabled">true puts the unprocessed input on air (crossfaded), false returns to processing.</param>
public sealed record BypassBody(bool Enabled);

/// <summary>The body of <c>PUT /api/v1/presets/{id}</c>: a preset file, schema version 1 (docs/presets.md).</summary>
/// <param name="SchemaVersion">Must be 1.</param>
/// <param name="Prompt">What the picture should look like, at most 4000 characters, not blank.</param>
/// <param name="Name">Shown to operators, at most 200 characters; the id when absent.</param>
/// <param name="Slot">Button slot 1–99.</param>
/// <param name="NegativePrompt">Used by the initialize and full guidance modes, at most 4000 characters.</param>
/// <param name="GuidanceScale">γ, 0–20 (default 1.2); guidance engages above 1.0.</param>
/// <param name="Delta">δ, the RCFG residual scale, 0–5 (default 1.0).</param>
/// <param name="TIndexList">1–4 strictly ascending step indices 0–49 into the 50-step LCM schedule (default [32, 45]).</param>
/// <param name="Strength">0–1, instead of tIndexList (not both).</param>
/// <param name="Seed">Seed of the fixed noise bank, ≥ 0 (default 2).</param>
/// <param name="GuidanceMode">none, self, initialize or full; the channel's when absent.</param>
/// <param name="SimilarityFilter">Skip frames similar to the last processed one.</param>
/// <param name="Transition">How a switch to this preset reaches the picture (default a 1 s linear blend).</param>
public sealed record PresetFileBody(
    int SchemaVersion, string Prompt, string? Name = null, int? Slot = null, string? NegativePrompt = null, float? GuidanceScale = null,
    float? Delta = null, IReadOnlyList<int>? TIndexList = null, float? Strength = null, int? Seed = null, string? GuidanceMode = null,
    SimilarityFilterSettings? SimilarityFilter = null, PresetTransition? Transition = null);
