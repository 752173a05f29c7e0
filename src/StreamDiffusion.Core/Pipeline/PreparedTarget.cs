using StreamDiffusion.Core.Models;

namespace StreamDiffusion.Core.Pipeline;

/// <summary>
/// A complete target for the inference thread, made off the frame path: the parameters, the models, and the text
/// embeddings and noise bank they imply. Immutable once posted; arrays are shared with later targets when unchanged.
/// </summary>
internal sealed class PreparedTarget(StreamParameters parameters, DiffusionModels models, float[] conditional, float[] unconditional, float[] noise)
{
    public StreamParameters Parameters { get; } = parameters;

    public DiffusionModels Models { get; } = models;

    public float[] Conditional { get; } = conditional;

    public float[] Unconditional { get; } = unconditional;

    public float[] Noise { get; } = noise;

    /// <summary>Whether a state built for <paramref name="other"/> can take this target without a new state.</summary>
    public bool IsStructurallySame(StreamParameters other, DiffusionModels otherModels) =>
        ReferenceEquals(Models, otherModels) && !Parameters.IsStructurallyDifferentFrom(other);
}
