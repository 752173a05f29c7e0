namespace StreamDiffusion.Core.Models;

/// <summary>VAE encoder: a planar RGB image <c>[3, H, W]</c> in [-1, 1] to one latent row, before latent scaling.</summary>
public interface IImageEncoder
{
    /// <summary>Image height in pixels (a multiple of 64).</summary>
    int ImageHeight { get; }

    /// <summary>Image width in pixels (a multiple of 64).</summary>
    int ImageWidth { get; }

    /// <summary>Shape of the latent it writes.</summary>
    LatentShape Latent { get; }

    /// <summary>Encodes <paramref name="image"/> into <paramref name="latent"/> (the mean, deterministic where the model allows).</summary>
    void Encode(ReadOnlySpan<float> image, Span<float> latent);
}
