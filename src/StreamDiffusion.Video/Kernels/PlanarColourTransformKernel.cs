namespace StreamDiffusion.Video.Kernels;

/// <summary>
/// A 3×3 matrix plus offset applied to three planes, then clamped:
/// <c>out_r = clamp(fma(m_r0, a, fma(m_r1, b, fma(m_r2, c, o_r))), min, max)</c> for each output row <c>r</c>.
/// Used for Y'CbCr code values → R'G'B' in [-1, 1], the reverse, and plain R'G'B' scaling.
/// </summary>
public abstract class PlanarColourTransformKernel
{
    /// <summary>The vector width this variant runs at.</summary>
    public abstract KernelWidth Width { get; }

    /// <summary>Transforms <paramref name="a"/>, <paramref name="b"/>, <paramref name="c"/> into <paramref name="x"/>, <paramref name="y"/>, <paramref name="z"/>.</summary>
    /// <exception cref="ArgumentException">The six spans are not all the same length.</exception>
    public void Run(
        ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<float> c,
        Span<float> x, Span<float> y, Span<float> z, in ColourTransformCoefficients coefficients)
    {
        var n = a.Length;
        if (b.Length != n || c.Length != n || x.Length != n || y.Length != n || z.Length != n)
        {
            throw new ArgumentException(
                $"Colour transform: planes have lengths {a.Length}, {b.Length}, {c.Length} in and {x.Length}, {y.Length}, {z.Length} out; " +
                "all six must be equal.", nameof(a));
        }

        RunCore(a, b, c, x, y, z, coefficients);
    }

    /// <summary>The loop; spans are already checked.</summary>
    protected abstract void RunCore(
        ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<float> c,
        Span<float> x, Span<float> y, Span<float> z, in ColourTransformCoefficients coefficients);

    /// <summary>The variant for <paramref name="width"/>.</summary>
    public static PlanarColourTransformKernel Create(KernelWidth width) => width switch
    {
        KernelWidth.Scalar => new PlanarColourTransformScalar(),
        KernelWidth.Vector128 => new PlanarColourTransformVector128(),
        KernelWidth.Vector256 => new PlanarColourTransformVector256(),
        KernelWidth.Vector512 => new PlanarColourTransformVector512(),
        _ => throw new ArgumentOutOfRangeException(nameof(width), width, "Kernel width must be Scalar, Vector128, Vector256 or Vector512."),
    };
}
