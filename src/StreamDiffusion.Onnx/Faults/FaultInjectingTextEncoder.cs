using StreamDiffusion.Core.Models;

namespace StreamDiffusion.Onnx.Faults;

/// <summary>An <see cref="ITextEncoder"/> that runs a real one and misbehaves as its <see cref="FaultInjector"/> plans.</summary>
public sealed class FaultInjectingTextEncoder(ITextEncoder inner, FaultInjector faults) : ITextEncoder
{
    /// <summary>The injector (run count, stall release).</summary>
    public FaultInjector Faults { get; } = faults;

    /// <inheritdoc />
    public int SequenceLength => inner.SequenceLength;

    /// <inheritdoc />
    public int EmbeddingWidth => inner.EmbeddingWidth;

    /// <inheritdoc />
    public void Encode(string prompt, Span<float> embeddings)
    {
        var poison = Faults.BeforeRun();
        inner.Encode(prompt, embeddings);
        if (poison)
        {
            embeddings.Fill(float.NaN);
        }
    }
}
