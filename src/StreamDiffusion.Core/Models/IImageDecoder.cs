namespace StreamDiffusion.Core.Models;

/// <summary>VAE decoder: one unscaled latent row to a planar RGB image <c>[3, H, W]</c> in [-1, 1].</summary>
public interface IImageDecoder
{
    /// <summary>Image height in pixels.</summary>
    int ImageHeight { get; }

    /// <summary>Image width in pixels.</summary>
    int ImageWidth { get; }

    /// <summary>Shape of the latent it reads.</summary>
    LatentShape Latent { get; }

    /// <summary>Decodes <paramref name="latent"/> into <paramref name="image"/>.</summary>
    void Decode(ReadOnlySpan<float> latent, Span<float> image);
}
