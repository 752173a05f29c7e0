using StreamDiffusion.Broadcast.Presets;
using StreamDiffusion.Core.Conditioning;
using StreamDiffusion.Core.Filtering;
using StreamDiffusion.Core.Guidance;
using StreamDiffusion.Core.Pipeline;
using StreamDiffusion.Core.Scheduling;

namespace StreamDiffusion.Broadcast.Channels;

/// <summary>
/// A live change of a channel's look: only the fields set change, on top of what is in force (the preset taken plus
/// the live changes since). Limits are those of preset files (<see cref="ParameterLimits"/>). Field names in
/// messages are the API's and the preset files'.
/// </summary>
public sealed record ParameterChange
{
    /// <summary>No change.</summary>
    public static ParameterChange None { get; } = new();

    /// <summary>The prompt (blendable).</summary>
    public string? Prompt { get; init; }

    /// <summary>The negative prompt (blendable).</summary>
    public string? NegativePrompt { get; init; }

    /// <summary>Guidance scale γ (blendable).</summary>
    public double? GuidanceScale { get; init; }

    /// <summary>RCFG δ (blendable).</summary>
    public double? Delta { get; init; }

    /// <summary>Step indices; a new length is structural, new values of the same length blend.</summary>
    public IReadOnlyList<int>? TIndexList { get; init; }

    /// <summary>Strength 0..1, mapped to step indices for the step count in force (so never structural); not with <see cref="TIndexList"/>.</summary>
    public double? Strength { get; init; }

    /// <summary>Seed of the fixed noise bank (blendable).</summary>
    public long? Seed { get; init; }

    /// <summary>Guidance mode (structural).</summary>
    public GuidanceMode? GuidanceMode { get; init; }

    /// <summary>Whether the similarity filter may skip frames (blendable).</summary>
    public bool? FilterEnabled { get; init; }

    /// <summary>Similarity filter threshold η (blendable).</summary>
    public double? FilterThreshold { get; init; }

    /// <summary>Most consecutive filter skips (blendable).</summary>
    public long? FilterMaxSkipFrames { get; init; }

    /// <summary>How this change reaches the picture; null for the preset's own transition. Not remembered.</summary>
    public PresetTransition? Transition { get; init; }

    /// <summary>The look fields this change sets, as the API names them.</summary>
    public IReadOnlyList<string> Fields
    {
        get
        {
            var fields = new List<string>();
            Add(fields, "prompt", Prompt is not null);
            Add(fields, "negativePrompt", NegativePrompt is not null);
            Add(fields, "guidanceScale", GuidanceScale is not null);
            Add(fields, "delta", Delta is not null);
            Add(fields, "tIndexList", TIndexList is not null);
            Add(fields, "strength", Strength is not null);
            Add(fields, "seed", Seed is not null);
            Add(fields, "guidanceMode", GuidanceMode is not null);
            Add(fields, "similarityFilter", FilterEnabled is not null || FilterThreshold is not null || FilterMaxSkipFrames is not null);
            return fields;
        }
    }

    /// <summary>Throws <see cref="ParameterValueException"/> naming the first field outside the preset-file limits.</summary>
    public void Validate()
    {
        if (Prompt is not null)
        {
            ParameterValueException.ThrowIf("prompt", ParameterLimits.Prompt(Prompt));
        }

        if (NegativePrompt is not null)
        {
            ParameterValueException.ThrowIf("negativePrompt", ParameterLimits.Text(NegativePrompt, ParameterLimits.MaxPromptLength));
        }

        ThrowIfOutside("guidanceScale", GuidanceScale, ParameterLimits.GuidanceScale);
        ThrowIfOutside("delta", Delta, ParameterLimits.Delta);
        ThrowIfOutside("strength", Strength, ParameterLimits.Strength);
        if (TIndexList is not null)
        {
            if (Strength is not null)
            {
                throw new ParameterValueException("strength", "give either strength or tIndexList, not both; remove one of them.");
            }

            if (ParameterLimits.StepIndices(TIndexList) is { } steps)
            {
                throw new ParameterValueException(steps.Index < 0 ? "tIndexList" : $"tIndexList[{steps.Index}]", steps.Problem);
            }
        }

        if (Seed is { } seed)
        {
            ParameterValueException.ThrowIf("seed", ParameterLimits.WholeNumber(seed, 0, ParameterLimits.MaxSeed));
        }

        if (GuidanceMode is { } mode && !Enum.IsDefined(mode))
        {
            throw new ParameterValueException("guidanceMode", $"{(int)mode} is not one of none, full, self, initialize.");
        }

        ThrowIfOutside("similarityFilter.threshold", FilterThreshold, ParameterLimits.FilterThreshold);
        if (FilterMaxSkipFrames is { } skips)
        {
            ParameterValueException.ThrowIf("similarityFilter.maxSkipFrames", ParameterLimits.WholeNumber(skips, 0, ParameterLimits.MaxSkipFrames));
        }

        ValidateTransition(Transition);
    }

    /// <summary>Throws <see cref="ParameterValueException"/> when <paramref name="transition"/> is outside the preset-file limits.</summary>
    public static void ValidateTransition(PresetTransition? transition)
    {
        if (transition is null)
        {
            return;
        }

        if (!Enum.IsDefined(transition.Kind))
        {
            throw new ParameterValueException("transition.kind", $"{(int)transition.Kind} is not \"cut\" or \"blend\".");
        }

        if (!Enum.IsDefined(transition.Curve))
        {
            throw new ParameterValueException("transition.curve", $"{(int)transition.Curve} is not \"linear\" or \"slerp\".");
        }

        ParameterValueException.ThrowIf("transition.seconds", ParameterLimits.Number(transition.Seconds, ParameterLimits.TransitionSeconds));
    }

    /// <summary>This change followed by <paramref name="later"/>: the later one's fields win; strength and tIndexList replace each other.</summary>
    public ParameterChange Then(ParameterChange later)
    {
        ArgumentNullException.ThrowIfNull(later);
        var stepsReplaced = later.TIndexList is not null || later.Strength is not null;
        return new ParameterChange
        {
            Prompt = later.Prompt ?? Prompt,
            NegativePrompt = later.NegativePrompt ?? NegativePrompt,
            GuidanceScale = later.GuidanceScale ?? GuidanceScale,
            Delta = later.Delta ?? Delta,
            TIndexList = stepsReplaced ? later.TIndexList : TIndexList,
            Strength = stepsReplaced ? later.Strength : Strength,
            Seed = later.Seed ?? Seed,
            GuidanceMode = later.GuidanceMode ?? GuidanceMode,
            FilterEnabled = later.FilterEnabled ?? FilterEnabled,
            FilterThreshold = later.FilterThreshold ?? FilterThreshold,
            FilterMaxSkipFrames = later.FilterMaxSkipFrames ?? FilterMaxSkipFrames,
        };
    }

    /// <summary>The parameters <paramref name="current"/> become with this change, reached over <paramref name="transition"/>.</summary>
    public StreamParameters ApplyTo(StreamParameters current, PresetTransition transition)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(transition);
        var filter = current.SimilarityFilter;
        IReadOnlyList<int> steps = TIndexList is not null ? [.. TIndexList]
            : Strength is { } strength ? LcmSchedule.StepIndicesForStrength((float)strength, current.Steps)
            : current.StepIndices;
        return current with
        {
            Prompt = Prompt ?? current.Prompt,
            NegativePrompt = NegativePrompt ?? current.NegativePrompt,
            GuidanceScale = GuidanceScale is { } guidance ? (float)guidance : current.GuidanceScale,
            Delta = Delta is { } delta ? (float)delta : current.Delta,
            StepIndices = steps,
            Seed = Seed is { } seed ? (ulong)seed : current.Seed,
            Guidance = GuidanceMode ?? current.Guidance,
            SimilarityFilter = new SimilarityFilterSettings(
                FilterEnabled ?? filter.Enabled,
                FilterThreshold is { } threshold ? (float)threshold : filter.Threshold,
                FilterMaxSkipFrames is { } skips ? (int)skips : filter.MaxSkipFrames),
            TransitionDuration = TimeSpan.FromSeconds(transition.Kind == TransitionKind.Cut ? 0 : transition.Seconds),
            TransitionBlend = transition.Curve == BlendCurve.Slerp ? EmbeddingBlendMode.Slerp : EmbeddingBlendMode.Linear,
        };
    }

    private static void ThrowIfOutside(string field, double? value, NumberRange range)
    {
        if (value is { } number)
        {
            ParameterValueException.ThrowIf(field, ParameterLimits.Number(number, range));
        }
    }

    private static void Add(List<string> fields, string name, bool set)
    {
        if (set)
        {
            fields.Add(name);
        }
    }
}
