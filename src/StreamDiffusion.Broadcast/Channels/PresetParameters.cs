using StreamDiffusion.Broadcast.Presets;
using StreamDiffusion.Core.Conditioning;
using StreamDiffusion.Core.Guidance;
using StreamDiffusion.Core.Pipeline;
using StreamDiffusion.Core.Scheduling;

namespace StreamDiffusion.Broadcast.Channels;

/// <summary>Maps a preset to the pipeline's parameters.</summary>
public static class PresetParameters
{
    /// <summary>The parameters of <paramref name="preset"/> (the reference defaults without one).</summary>
    public static StreamParameters For(Preset? preset, GuidanceMode channelMode)
    {
        if (preset is null)
        {
            return new StreamParameters { Guidance = channelMode };
        }

        var steps = preset.Strength is { } strength ? LcmSchedule.StepIndicesForStrength(strength, 2) : [.. preset.TIndexList];
        return new StreamParameters
        {
            Guidance = preset.GuidanceMode ?? channelMode,
            StepIndices = steps,
            Prompt = preset.Prompt,
            NegativePrompt = preset.NegativePrompt,
            GuidanceScale = preset.GuidanceScale,
            Delta = preset.Delta,
            Seed = (ulong)preset.Seed,
            SimilarityFilter = preset.SimilarityFilter,
            TransitionDuration = TimeSpan.FromSeconds(preset.Transition.Seconds),
            TransitionBlend = preset.Transition.Curve == BlendCurve.Slerp ? EmbeddingBlendMode.Slerp : EmbeddingBlendMode.Linear,
        };
    }
}
