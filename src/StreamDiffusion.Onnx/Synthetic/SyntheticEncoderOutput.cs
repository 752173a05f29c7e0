namespace StreamDiffusion.Onnx.Synthetic;

/// <summary>What the synthetic VAE encoder outputs.</summary>
public enum SyntheticEncoderOutput
{
    /// <summary><c>latent_sample</c>, deterministic (the distribution's mean).</summary>
    LatentSample,

    /// <summary><c>latent_parameters</c> [B, 8, h, w]: mean ‖ log-variance (current optimum-onnx).</summary>
    LatentParameters,

    /// <summary><c>latent_sample</c> drawn inside the graph with RandomNormalLike (legacy exports): not deterministic.</summary>
    Sampling,
}
