namespace StreamDiffusion.Video.Kernels;

/// <summary>
/// Rounds float code values to 8-bit samples: <c>destination[i] = clamp((int)(source[i] + 0.5f), 0, 255)</c>
/// (round half up; NaN becomes 0). Layout-agnostic, like <see cref="ByteRowAccumulateKernel"/>.
/// </summary>
public abstract class FloatRowToBytesKernel
{
    /// <summary>The vector width this variant runs at.</summary>
    public abstract KernelWidth Width { get; }

    /// <summary>Writes the rounded, saturated samples of <paramref name="source"/> into <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public void Run(ReadOnlySpan<float> source, Span<byte> destination)
    {
        if (source.Length != destination.Length)
        {
            throw new ArgumentException(
                $"Row pack: source has {source.Length} samples but the destination {destination.Length}; pass spans of equal length.",
                nameof(destination));
        }

        RunCore(source, destination);
    }

    /// <summary>The loop; spans are already checked.</summary>
    protected abstract void RunCore(ReadOnlySpan<float> source, Span<byte> destination);

    /// <summary>The variant for <paramref name="width"/>.</summary>
    public static FloatRowToBytesKernel Create(KernelWidth width) => width switch
    {
        KernelWidth.Scalar => new FloatRowToBytesScalar(),
        KernelWidth.Vector128 => new FloatRowToBytesVector128(),
        KernelWidth.Vector256 => new FloatRowToBytesVector256(),
        KernelWidth.Vector512 => new FloatRowToBytesVector512(),
        _ => throw new ArgumentOutOfRangeException(nameof(width), width, "Kernel width must be Scalar, Vector128, Vector256 or Vector512."),
    };
}
