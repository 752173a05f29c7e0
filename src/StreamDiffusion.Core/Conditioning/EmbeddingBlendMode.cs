namespace StreamDiffusion.Core.Conditioning;

/// <summary>How a transition moves from the old text embeddings (or noise bank) to the new ones.</summary>
public enum EmbeddingBlendMode
{
    /// <summary>Straight line: E = (1 − p)·E_old + p·E_new.</summary>
    Linear,

    /// <summary>Spherical: along the great circle between the two (flattened) tensors, keeping their norm.</summary>
    Slerp,
}
