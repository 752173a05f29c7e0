using StreamDiffusion.Broadcast.Presets;
using StreamDiffusion.Core.Filtering;
using StreamDiffusion.Core.Guidance;
using StreamDiffusion.Core.Pipeline;

namespace StreamDiffusion.Broadcast.Channels;

/// <summary>The look parameters in force on a channel, as operators and the API see them.</summary>
/// <param name="Prompt">The prompt.</param>
/// <param name="NegativePrompt">The negative prompt.</param>
/// <param name="GuidanceScale">Guidance scale γ.</param>
/// <param name="Delta">RCFG δ.</param>
/// <param name="TIndexList">Step indices into the 50-step LCM schedule.</param>
/// <param name="Seed">Seed of the fixed noise bank.</param>
/// <param name="GuidanceMode">Guidance mode.</param>
/// <param name="SimilarityFilter">Similarity filter settings.</param>
public sealed record ChannelParameters(
    string Prompt, string NegativePrompt, float GuidanceScale, float Delta, IReadOnlyList<int> TIndexList, ulong Seed,
    GuidanceMode GuidanceMode, SimilarityFilterSettings SimilarityFilter)
{
    /// <summary>The view of <paramref name="parameters"/>.</summary>
    public static ChannelParameters Of(StreamParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return new(parameters.Prompt, parameters.NegativePrompt, parameters.GuidanceScale, parameters.Delta, [.. parameters.StepIndices],
            parameters.Seed, parameters.Guidance, parameters.SimilarityFilter);
    }
}

/// <summary>What a control call put in force and how it reaches the picture.</summary>
/// <param name="Preset">The preset the look is based on (empty without one).</param>
/// <param name="Parameters">The parameters now in force.</param>
/// <param name="Structural">
/// Changed fields that need a new pipeline state (step count, guidance mode): it warms up beside the running one and
/// takes over without a gap, so they show after the warm-up.
/// </param>
/// <param name="Blended">Changed fields applied live, blended over the transition without a reset.</param>
/// <param name="Pending">True when the channel has no running model: the parameters are remembered and applied when one runs.</param>
public sealed record ParameterChangeResult(
    string Preset, ChannelParameters Parameters, IReadOnlyList<string> Structural, IReadOnlyList<string> Blended, bool Pending)
{
    /// <summary>
    /// Compares <paramref name="before"/> and <paramref name="after"/>; a step change is named
    /// <paramref name="stepsField"/> (the field the caller gave: tIndexList or strength).
    /// </summary>
    internal static ParameterChangeResult Between(
        string preset, StreamParameters before, StreamParameters after, bool pending, string stepsField = "tIndexList")
    {
        var structural = new List<string>();
        var blended = new List<string>();
        Classify(blended, "prompt", before.Prompt != after.Prompt);
        Classify(blended, "negativePrompt", before.NegativePrompt != after.NegativePrompt);
        Classify(blended, "guidanceScale", before.GuidanceScale != after.GuidanceScale);
        Classify(blended, "delta", before.Delta != after.Delta);
        Classify(before.Steps != after.Steps ? structural : blended, stepsField, !before.StepIndices.SequenceEqual(after.StepIndices));
        Classify(blended, "seed", before.Seed != after.Seed);
        Classify(structural, "guidanceMode", before.Guidance != after.Guidance);
        Classify(blended, "similarityFilter", before.SimilarityFilter != after.SimilarityFilter);
        return new ParameterChangeResult(preset, ChannelParameters.Of(after), structural, blended, pending);
    }

    /// <summary>Whether anything that shows in the picture differs.</summary>
    internal bool ChangesAnything => Structural.Count > 0 || Blended.Count > 0;

    private static void Classify(List<string> list, string field, bool changed)
    {
        if (changed)
        {
            list.Add(field);
        }
    }
}

/// <summary>The preset cued on a channel: prepared ahead (its text encoded) and put in force by a take.</summary>
/// <param name="Preset">The preset's id.</param>
/// <param name="Name">The preset's name.</param>
/// <param name="Transition">How the take reaches the picture unless the take names its own.</param>
/// <param name="Prepared">True when its text is already encoded for the running model (false without a model: encoded at the take).</param>
public sealed record CuedPreset(string Preset, string Name, PresetTransition Transition, bool Prepared);
