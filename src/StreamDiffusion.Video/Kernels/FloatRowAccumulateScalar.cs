namespace StreamDiffusion.Video.Kernels;

/// <summary>Scalar twin of <see cref="FloatRowAccumulateKernel"/>: defines the math every vector width must reproduce bit for bit.</summary>
public sealed class FloatRowAccumulateScalar : FloatRowAccumulateKernel
{
    /// <inheritdoc/>
    public override KernelWidth Width => KernelWidth.Scalar;

    /// <inheritdoc/>
    protected override void RunCore(ReadOnlySpan<float> source, float weight, Span<float> accumulator, bool overwrite) =>
        Tail(source, weight, accumulator, overwrite, 0);

    /// <summary>The formula for elements <paramref name="start"/>.. — also the vector variants' tail.</summary>
    internal static void Tail(ReadOnlySpan<float> source, float weight, Span<float> accumulator, bool overwrite, int start)
    {
        if (overwrite)
        {
            for (var i = start; i < source.Length; i++)
            {
                accumulator[i] = weight * source[i];
            }
        }
        else
        {
            for (var i = start; i < source.Length; i++)
            {
                accumulator[i] = MathF.FusedMultiplyAdd(weight, source[i], accumulator[i]);
            }
        }
    }
}
