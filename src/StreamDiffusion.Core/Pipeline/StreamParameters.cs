using System.Globalization;
using StreamDiffusion.Core.Conditioning;
using StreamDiffusion.Core.Filtering;
using StreamDiffusion.Core.Guidance;
using StreamDiffusion.Core.Scheduling;

namespace StreamDiffusion.Core.Pipeline;

/// <summary>
/// Everything an operator can set on a running pipeline, in two classes (docs/pipeline-parameters.md).
/// Structural — <see cref="Guidance"/>, the step count (the length of <see cref="StepIndices"/>),
/// <see cref="FrameBufferSize"/>, and the models (latent size included): a change builds a new pipeline state that
/// warms up beside the running one and takes over without a gap.
/// Blendable — everything else: applied live without a reset; prompts, γ, δ and seed blend over
/// <see cref="TransitionDuration"/>.
/// </summary>
public sealed record StreamParameters
{
    /// <summary>Largest guidance scale accepted (beyond it CFG only amplifies artefacts).</summary>
    public const float MaxGuidanceScale = 20f;

    /// <summary>Longest transition accepted.</summary>
    public static readonly TimeSpan MaxTransitionDuration = TimeSpan.FromMinutes(1);

    /// <summary>Structural. Guidance variant; fixes the UNet rows per frame (None/Self n, Initialize n + 1, Full 2n).</summary>
    public GuidanceMode Guidance { get; init; } = GuidanceMode.Self;

    /// <summary>Structural. Frames per call; only 1 is supported (the reference's F &gt; 1 img2img path is broken, §1.6).</summary>
    public int FrameBufferSize { get; init; } = 1;

    /// <summary>
    /// The t_index_list: 1..4 ascending indices into the 50-step LCM schedule (t = 999 − 20·idx). Its length n is
    /// structural; new values with the same length are blendable (applied at the next frame, no reset).
    /// </summary>
    public IReadOnlyList<int> StepIndices { get; init; } = [32, 45];

    /// <summary>Blendable. The prompt; a change is encoded off the frame path and blended in over the transition.</summary>
    public string Prompt { get; init; } = string.Empty;

    /// <summary>Blendable. The negative prompt, used by Full and Initialize guidance.</summary>
    public string NegativePrompt { get; init; } = string.Empty;

    /// <summary>Blendable. Guidance scale γ; guidance engages only above 1 (ignored by None).</summary>
    public float GuidanceScale { get; init; } = 1.2f;

    /// <summary>Blendable. RCFG δ scaling the virtual negative (Self, Initialize); below 1 softens RCFG's contrast.</summary>
    public float Delta { get; init; } = 1f;

    /// <summary>Blendable. Seed of the fixed noise bank; a change slerps the old seed's noise to the new one's.</summary>
    public ulong Seed { get; init; } = 2;

    /// <summary>Blendable. Re-noise buffered latents with the fixed noise between steps (the reference's do_add_noise).</summary>
    public bool AddNoiseBetweenSteps { get; init; } = true;

    /// <summary>Blendable. Similarity filter settings, applied at the next frame.</summary>
    public SimilarityFilterSettings SimilarityFilter { get; init; } = new();

    /// <summary>How long prompt, negative prompt, γ, δ and seed changes take to blend in (on the capture clock); zero snaps.</summary>
    public TimeSpan TransitionDuration { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How text embeddings move during a transition (the noise bank always slerps).</summary>
    public EmbeddingBlendMode TransitionBlend { get; init; } = EmbeddingBlendMode.Slerp;

    /// <summary>Denoising steps n (the length of <see cref="StepIndices"/>).</summary>
    public int Steps => StepIndices.Count;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the field, its value, the limit and the fix.</summary>
    public void Validate()
    {
        const string name = nameof(StreamParameters);
        if (!Enum.IsDefined(Guidance))
        {
            throw new ArgumentException($"Guidance mode {Guidance} is unknown. Fix: use None, Full, Self or Initialize.", name);
        }

        if (FrameBufferSize != 1)
        {
            throw new ArgumentException(
                $"FrameBufferSize {FrameBufferSize} is not supported: this pipeline processes exactly 1 frame per call (the reference's frame_buffer_size > 1 img2img path is broken). Fix: set FrameBufferSize to 1.",
                name);
        }

        LcmSchedule.ValidateStepIndices(StepIndices, name);
        ArgumentNullException.ThrowIfNull(Prompt, nameof(Prompt));
        ArgumentNullException.ThrowIfNull(NegativePrompt, nameof(NegativePrompt));
        if (!(GuidanceScale >= 0f && GuidanceScale <= MaxGuidanceScale))
        {
            throw new ArgumentException(
                $"GuidanceScale {Format(GuidanceScale)} is outside [0, {Format(MaxGuidanceScale)}]. Fix: use 1.0 for no guidance or about 1.2–1.4 for RCFG (reference presets).",
                name);
        }

        if (!(Delta >= 0f && Delta <= 1f))
        {
            throw new ArgumentException(
                $"Delta {Format(Delta)} is outside [0, 1]. Fix: use 1.0 (reference default) or 0.5 to soften RCFG.",
                name);
        }

        ArgumentNullException.ThrowIfNull(SimilarityFilter, nameof(SimilarityFilter));
        SimilarityFilter.Validate(name);
        if (TransitionDuration < TimeSpan.Zero || TransitionDuration > MaxTransitionDuration)
        {
            throw new ArgumentException(
                $"TransitionDuration {TransitionDuration} is outside 0..{MaxTransitionDuration}. Fix: use a short blend such as 1 s, or 0 to switch at once.",
                name);
        }

        if (!Enum.IsDefined(TransitionBlend))
        {
            throw new ArgumentException($"TransitionBlend {TransitionBlend} is unknown. Fix: use Linear or Slerp.", name);
        }
    }

    /// <summary>Whether moving from <paramref name="current"/> to this needs a new pipeline state (ignoring the models).</summary>
    public bool IsStructurallyDifferentFrom(StreamParameters current)
    {
        ArgumentNullException.ThrowIfNull(current);
        return Guidance != current.Guidance || Steps != current.Steps || FrameBufferSize != current.FrameBufferSize;
    }

    /// <summary>A copy whose step index list is its own array, so later changes to the caller's list cannot leak in.</summary>
    internal StreamParameters WithOwnStepIndices() => this with { StepIndices = [.. StepIndices] };

    private static string Format(float value) => value.ToString(CultureInfo.InvariantCulture);
}
