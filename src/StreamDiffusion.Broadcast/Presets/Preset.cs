using System.Collections.Immutable;
using StreamDiffusion.Core.Filtering;
using StreamDiffusion.Core.Guidance;

namespace StreamDiffusion.Broadcast.Presets;

/// <summary>How a preset switch reaches the picture.</summary>
public enum TransitionKind
{
    /// <summary>The next frame uses the new look.</summary>
    Cut,

    /// <summary>Prompt embeddings (and the noise bank on a seed change) are blended over the transition time.</summary>
    Blend,
}

/// <summary>How prompt embeddings are interpolated during a blend.</summary>
public enum BlendCurve
{
    /// <summary>Straight line between the two embeddings.</summary>
    Linear,

    /// <summary>Spherical interpolation (keeps the embedding norm; StreamDiffusion's slerp).</summary>
    Slerp,
}

/// <summary>The transition a preset asks for when it is taken, unless the switch names its own.</summary>
/// <param name="Kind">Cut or blend.</param>
/// <param name="Seconds">Blend duration; 0 for a cut.</param>
/// <param name="Curve">Interpolation of prompt embeddings.</param>
public sealed record PresetTransition(TransitionKind Kind, double Seconds, BlendCurve Curve)
{
    /// <summary>A one-second linear blend.</summary>
    public static PresetTransition Default { get; } = new(TransitionKind.Blend, 1.0, BlendCurve.Linear);
}

/// <summary>
/// One prompt preset, read from <c>presets/&lt;id&gt;.json</c> (schema in docs/presets.md). Immutable: a reload builds a
/// new instance and swaps it in.
/// </summary>
public sealed record Preset
{
    /// <summary>The file name without <c>.json</c>; what the API and the channel configuration refer to.</summary>
    public required string Id { get; init; }

    /// <summary>Name shown to operators.</summary>
    public required string Name { get; init; }

    /// <summary>Optional button slot (1–99) for Stream Deck style control; unique across presets.</summary>
    public int? Slot { get; init; }

    /// <summary>The prompt.</summary>
    public required string Prompt { get; init; }

    /// <summary>The negative prompt (used by the initialize and full guidance modes).</summary>
    public string NegativePrompt { get; init; } = "";

    /// <summary>Guidance scale γ (1.2 in the reference img2img examples). Blendable.</summary>
    public float GuidanceScale { get; init; } = 1.2f;

    /// <summary>RCFG residual scale δ (1.0 reference default, 0.5 in the examples). Blendable.</summary>
    public float Delta { get; init; } = 1.0f;

    /// <summary>
    /// Step indices into the 50-step LCM schedule; its length n is structural, its values blendable. Empty when the
    /// file gives <see cref="Strength"/> instead (the pipeline maps strength to steps for the channel's n).
    /// </summary>
    public ImmutableArray<int> TIndexList { get; init; } = [32, 45];

    /// <summary>Strength in [0, 1] for operators who think in strength; null when the file gives <see cref="TIndexList"/>.</summary>
    public float? Strength { get; init; }

    /// <summary>Seed of the fixed noise bank. Blendable (the noise bank is slerped to the new seed's).</summary>
    public int Seed { get; init; } = 2;

    /// <summary>Guidance mode, or null to keep the channel's. Structural.</summary>
    public GuidanceMode? GuidanceMode { get; init; }

    /// <summary>Similarity filter settings. Blendable.</summary>
    public SimilarityFilterSettings SimilarityFilter { get; init; } = new();

    /// <summary>Default transition when this preset is taken.</summary>
    public PresetTransition Transition { get; init; } = PresetTransition.Default;
}
