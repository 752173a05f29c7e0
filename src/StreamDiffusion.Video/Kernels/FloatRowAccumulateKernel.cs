namespace StreamDiffusion.Video.Kernels;

/// <summary>
/// One tap of a vertical filter over float rows: <c>accumulator[i] = weight * source[i]</c> when <c>overwrite</c>,
/// else <c>accumulator[i] = fma(weight, source[i], accumulator[i])</c>.
/// </summary>
public abstract class FloatRowAccumulateKernel
{
    /// <summary>The vector width this variant runs at.</summary>
    public abstract KernelWidth Width { get; }

    /// <summary>Adds one weighted float row to <paramref name="accumulator"/> (or replaces it when <paramref name="overwrite"/>).</summary>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public void Run(ReadOnlySpan<float> source, float weight, Span<float> accumulator, bool overwrite)
    {
        if (source.Length != accumulator.Length)
        {
            throw new ArgumentException(
                $"Row accumulate: source has {source.Length} samples but the accumulator {accumulator.Length}; pass spans of equal length.",
                nameof(accumulator));
        }

        RunCore(source, weight, accumulator, overwrite);
    }

    /// <summary>The loop; spans are already checked.</summary>
    protected abstract void RunCore(ReadOnlySpan<float> source, float weight, Span<float> accumulator, bool overwrite);

    /// <summary>The variant for <paramref name="width"/>.</summary>
    public static FloatRowAccumulateKernel Create(KernelWidth width) => width switch
    {
        KernelWidth.Scalar => new FloatRowAccumulateScalar(),
        KernelWidth.Vector128 => new FloatRowAccumulateVector128(),
        KernelWidth.Vector256 => new FloatRowAccumulateVector256(),
        KernelWidth.Vector512 => new FloatRowAccumulateVector512(),
        _ => throw new ArgumentOutOfRangeException(nameof(width), width, "Kernel width must be Scalar, Vector128, Vector256 or Vector512."),
    };
}
