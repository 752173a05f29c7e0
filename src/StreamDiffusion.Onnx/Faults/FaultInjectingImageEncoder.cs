using StreamDiffusion.Core.Models;

namespace StreamDiffusion.Onnx.Faults;

/// <summary>An <see cref="IImageEncoder"/> that runs a real one and misbehaves as its <see cref="FaultInjector"/> plans.</summary>
public sealed class FaultInjectingImageEncoder(IImageEncoder inner, FaultInjector faults) : IImageEncoder
{
    /// <summary>The injector (run count, stall release).</summary>
    public FaultInjector Faults { get; } = faults;

    /// <inheritdoc />
    public int ImageHeight => inner.ImageHeight;

    /// <inheritdoc />
    public int ImageWidth => inner.ImageWidth;

    /// <inheritdoc />
    public LatentShape Latent => inner.Latent;

    /// <inheritdoc />
    public void Encode(ReadOnlySpan<float> image, Span<float> latent)
    {
        var poison = Faults.BeforeRun();
        inner.Encode(image, latent);
        if (poison)
        {
            latent.Fill(float.NaN);
        }
    }
}
