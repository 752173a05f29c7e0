namespace StreamDiffusion.Core.Pipeline;

/// <summary>Where the finite-value guard found a NaN or Inf.</summary>
public enum NonFiniteStage
{
    /// <summary>Nothing was found.</summary>
    None,

    /// <summary>In the encoded (scaled) input latent.</summary>
    EncodedLatent,

    /// <summary>In the UNet's noise prediction.</summary>
    NoisePrediction,

    /// <summary>In the denoised latents x̂0 (after guidance).</summary>
    DenoisedLatent,

    /// <summary>In the decoded image.</summary>
    DecodedImage,
}
