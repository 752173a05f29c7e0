namespace StreamDiffusion.Video.Kernels;

/// <summary>Scalar twin of <see cref="FloatRowToBytesKernel"/>: defines the rounding every vector width must reproduce.</summary>
public sealed class FloatRowToBytesScalar : FloatRowToBytesKernel
{
    /// <inheritdoc/>
    public override KernelWidth Width => KernelWidth.Scalar;

    /// <inheritdoc/>
    protected override void RunCore(ReadOnlySpan<float> source, Span<byte> destination) => Tail(source, destination, 0);

    /// <summary>The formula for elements <paramref name="start"/>.. — also the vector variants' short-row path.</summary>
    internal static void Tail(ReadOnlySpan<float> source, Span<byte> destination, int start)
    {
        for (var i = start; i < source.Length; i++)
        {
            destination[i] = (byte)Math.Clamp((int)(source[i] + 0.5f), 0, 255);
        }
    }
}
