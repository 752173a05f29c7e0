using StreamDiffusion.Core.Conditioning;
using StreamDiffusion.Core.Models;

namespace StreamDiffusion.Core.Pipeline;

/// <summary>
/// A complete target for the inference thread, made off the frame path: the parameters, the models, and the text
/// embeddings and noise bank they imply. Made by <see cref="StreamPipeline.Prepare"/> ahead of time (a cue) and put in
/// force by <see cref="StreamPipeline.Update(PreparedTarget)"/> without encoding anything then. Immutable; arrays are
/// shared with other targets when unchanged.
/// </summary>
public sealed class PreparedTarget
{
    internal PreparedTarget(StreamParameters parameters, DiffusionModels models, float[] conditional, float[] unconditional, float[] noise)
    {
        Parameters = parameters;
        Models = models;
        Conditional = conditional;
        Unconditional = unconditional;
        Noise = noise;
    }

    /// <summary>The validated parameters this target carries.</summary>
    public StreamParameters Parameters { get; }

    internal DiffusionModels Models { get; }

    internal float[] Conditional { get; }

    internal float[] Unconditional { get; }

    internal float[] Noise { get; }

    /// <summary>
    /// The same target reached over another transition: the embeddings and noise are shared, nothing is encoded.
    /// Throws <see cref="ArgumentException"/> when the duration is outside 0..<see cref="StreamParameters.MaxTransitionDuration"/>.
    /// </summary>
    public PreparedTarget WithTransition(TimeSpan duration, EmbeddingBlendMode blend)
    {
        StreamParameters parameters = Parameters with { TransitionDuration = duration, TransitionBlend = blend };
        parameters.Validate();
        return new PreparedTarget(parameters, Models, Conditional, Unconditional, Noise);
    }

    /// <summary>Whether a state built for <paramref name="other"/> can take this target without a new state.</summary>
    internal bool IsStructurallySame(StreamParameters other, DiffusionModels otherModels) =>
        ReferenceEquals(Models, otherModels) && !Parameters.IsStructurallyDifferentFrom(other);
}
