using System.Collections.Immutable;

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

/// <summary>Residual classifier-free guidance mode (research/streamdiffusion.md §1.8). Structural: changes the UNet rows.</summary>
public enum GuidanceMode
{
    /// <summary>No guidance; γ is ignored. UNet rows: n.</summary>
    None,

    /// <summary>RCFG self-negative (StreamDiffusion's default). UNet rows: n.</summary>
    Self,

    /// <summary>RCFG one-time negative: one extra negative-prompt row. UNet rows: n + 1.</summary>
    Initialize,

    /// <summary>Standard CFG on every row. UNet rows: 2n.</summary>
    Full,
}

/// <summary>Stochastic similarity filter settings (research/streamdiffusion.md §1.9).</summary>
/// <param name="Enabled">Skip frames that look like the last processed one.</param>
/// <param name="Threshold">η in [0, 1): similarity above which frames may be skipped (0.98 in the reference).</param>
/// <param name="MaxSkipFrames">Forced refresh after this many skips in a row (10 in the reference).</param>
public sealed record SimilarityFilterSettings(bool Enabled, float Threshold, int MaxSkipFrames)
{
    /// <summary>The reference defaults, disabled.</summary>
    public static SimilarityFilterSettings Default { get; } = new(false, 0.98f, 10);
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
    public SimilarityFilterSettings SimilarityFilter { get; init; } = SimilarityFilterSettings.Default;

    /// <summary>Default transition when this preset is taken.</summary>
    public PresetTransition Transition { get; init; } = PresetTransition.Default;
}
