using System.Globalization;
using StreamDiffusion.Core.Guidance;
using StreamDiffusion.Core.Models;

namespace StreamDiffusion.Core.Pipeline;

/// <summary>Checks once, before a pipeline state is built, that its four models fit together and fit the batch.</summary>
internal static class ModelCompatibility
{
    public static void Check(DiffusionModels models, GuidanceMode mode, int steps)
    {
        ArgumentNullException.ThrowIfNull(models.TextEncoder, nameof(models.TextEncoder));
        ArgumentNullException.ThrowIfNull(models.Unet, nameof(models.Unet));
        ArgumentNullException.ThrowIfNull(models.ImageEncoder, nameof(models.ImageEncoder));
        ArgumentNullException.ThrowIfNull(models.ImageDecoder, nameof(models.ImageDecoder));
        float scaling = models.LatentScalingFactor;
        if (!(scaling > 0f) || !float.IsFinite(scaling))
        {
            throw new ArgumentException(
                $"Latent scaling factor {scaling.ToString(CultureInfo.InvariantCulture)} must be a positive finite number. Fix: set it in the model manifest (0.18215 for the SD KL-VAE, 1.0 for TAESD).",
                nameof(models));
        }

        LatentShape unet = models.Unet.Latent;
        if (unet.Channels <= 0 || unet.Height <= 0 || unet.Width <= 0)
        {
            throw new ArgumentException($"The UNet latent shape {unet} has a non-positive dimension. Fix: check the UNet export.", nameof(models));
        }

        Same(unet, models.ImageEncoder.Latent, "image encoder output");
        Same(unet, models.ImageDecoder.Latent, "image decoder input");
        if (models.ImageEncoder.ImageHeight <= 0 || models.ImageEncoder.ImageWidth <= 0)
        {
            throw new ArgumentException(
                $"The image encoder's size {models.ImageEncoder.ImageWidth}×{models.ImageEncoder.ImageHeight} is not positive. Fix: check the encoder export.",
                nameof(models));
        }

        if (models.TextEncoder.SequenceLength != models.Unet.SequenceLength || models.TextEncoder.EmbeddingWidth != models.Unet.EmbeddingWidth)
        {
            throw new ArgumentException(
                $"The text encoder writes [{models.TextEncoder.SequenceLength}, {models.TextEncoder.EmbeddingWidth}] embeddings but the UNet reads [{models.Unet.SequenceLength}, {models.Unet.EmbeddingWidth}]. Fix: use the text encoder of the UNet's checkpoint (768 wide for SD 1.x, 1024 for SD 2.x/sd-turbo).",
                nameof(models));
        }

        int rows = ResidualGuidance.UnetRowsFor(mode, steps);
        if (models.Unet.MaxRows < rows)
        {
            throw new ArgumentException(
                $"{mode} guidance with {steps} steps needs {rows} UNet rows per call but the UNet accepts at most {models.Unet.MaxRows}. Fix: fewer steps, a cheaper guidance mode (Self uses n rows), or a UNet built for {rows} rows.",
                nameof(models));
        }
    }

    private static void Same(LatentShape unet, LatentShape other, string what)
    {
        if (unet != other)
        {
            throw new ArgumentException(
                $"The {what} latent {other} differs from the UNet latent {unet}. Fix: use VAE and UNet exports made for the same resolution.",
                "models");
        }
    }
}
