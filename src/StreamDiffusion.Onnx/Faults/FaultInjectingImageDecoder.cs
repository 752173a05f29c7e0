using StreamDiffusion.Core.Models;

namespace StreamDiffusion.Onnx.Faults;

/// <summary>An <see cref="IImageDecoder"/> that runs a real one and misbehaves as its <see cref="FaultInjector"/> plans.</summary>
public sealed class FaultInjectingImageDecoder(IImageDecoder inner, FaultInjector faults) : IImageDecoder
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
    public void Decode(ReadOnlySpan<float> latent, Span<float> image)
    {
        var poison = Faults.BeforeRun();
        inner.Decode(latent, image);
        if (poison)
        {
            image.Fill(float.NaN);
        }
    }
}
