namespace StreamDiffusion.Core.Models;

/// <summary>One batched UNet call: every span is row-major fp32 and holds exactly <see cref="Rows"/> rows.</summary>
public readonly ref struct UnetBatch
{
    /// <summary>Rows in this call (n, n+1 or 2n for Stream Batch with n steps, by guidance mode).</summary>
    public int Rows { get; init; }

    /// <summary>Noisy latents <c>[Rows, C, h, w]</c>.</summary>
    public ReadOnlySpan<float> Latents { get; init; }

    /// <summary>One timestep per row <c>[Rows]</c> (LCM timesteps 0..999 as floats).</summary>
    public ReadOnlySpan<float> Timesteps { get; init; }

    /// <summary>Text embeddings <c>[Rows, SequenceLength, EmbeddingWidth]</c>.</summary>
    public ReadOnlySpan<float> TextEmbeddings { get; init; }

    /// <summary>Guidance scale w for models with an LCM <c>timestep_cond</c> input; ignored by the others.</summary>
    public float GuidanceScale { get; init; }
}

/// <summary>The denoising UNet: predicts the noise ε̂ of each latent row at its timestep.</summary>
public interface IUnet
{
    /// <summary>Shape of one latent row.</summary>
    LatentShape Latent { get; }

    /// <summary>Tokens per text embedding row (77).</summary>
    int SequenceLength { get; }

    /// <summary>Width of one token embedding (768 or 1024).</summary>
    int EmbeddingWidth { get; }

    /// <summary>Most rows one call accepts (the row count is fixed per pipeline state, so sessions bind once per shape).</summary>
    int MaxRows { get; }

    /// <summary>Writes ε̂ <c>[Rows, C, h, w]</c> into <paramref name="noisePrediction"/>. Allocates nothing in steady state.</summary>
    void Predict(in UnetBatch batch, Span<float> noisePrediction);
}
