namespace StreamDiffusion.Core.Models;

/// <summary>
/// The four models one pipeline state runs, plus what the pipeline must know about them that the graphs do not say.
/// </summary>
/// <param name="TextEncoder">Prompt to text embeddings.</param>
/// <param name="Unet">The denoiser.</param>
/// <param name="ImageEncoder">VAE (or TAESD) encoder.</param>
/// <param name="ImageDecoder">VAE (or TAESD) decoder.</param>
/// <param name="LatentScalingFactor">VAE latent scaling: 0.18215 for the SD 1.x/2.x KL-VAE, 1.0 for TAESD (from the manifest).</param>
public sealed record DiffusionModels(
    ITextEncoder TextEncoder,
    IUnet Unet,
    IImageEncoder ImageEncoder,
    IImageDecoder ImageDecoder,
    float LatentScalingFactor);
