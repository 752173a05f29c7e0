using StreamDiffusion.Core.Models;

namespace StreamDiffusion.Onnx.Faults;

/// <summary>An <see cref="IUnet"/> that runs a real one and misbehaves as its <see cref="FaultInjector"/> plans.</summary>
public sealed class FaultInjectingUnet(IUnet inner, FaultInjector faults) : IUnet
{
    /// <summary>The injector (run count, stall release).</summary>
    public FaultInjector Faults { get; } = faults;

    /// <inheritdoc />
    public LatentShape Latent => inner.Latent;

    /// <inheritdoc />
    public int SequenceLength => inner.SequenceLength;

    /// <inheritdoc />
    public int EmbeddingWidth => inner.EmbeddingWidth;

    /// <inheritdoc />
    public int MaxRows => inner.MaxRows;

    /// <inheritdoc />
    public void Predict(in UnetBatch batch, Span<float> noisePrediction)
    {
        var poison = Faults.BeforeRun();
        inner.Predict(batch, noisePrediction);
        if (poison)
        {
            noisePrediction.Fill(float.NaN);
        }
    }
}
