namespace StreamDiffusion.Video.Kernels;

/// <summary>Scalar twin of <see cref="PlanarColourTransformKernel"/>: defines the operation order every vector width reproduces bit for bit.</summary>
public sealed class PlanarColourTransformScalar : PlanarColourTransformKernel
{
    /// <inheritdoc/>
    public override KernelWidth Width => KernelWidth.Scalar;

    /// <inheritdoc/>
    protected override void RunCore(
        ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<float> c,
        Span<float> x, Span<float> y, Span<float> z, in ColourTransformCoefficients coefficients) =>
        Tail(a, b, c, x, y, z, coefficients, 0);

    /// <summary>The formula for elements <paramref name="start"/>.. — also the vector variants' tail.</summary>
    internal static void Tail(
        ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<float> c,
        Span<float> x, Span<float> y, Span<float> z, in ColourTransformCoefficients k, int start)
    {
        for (var i = start; i < a.Length; i++)
        {
            float p = a[i], q = b[i], r = c[i];
            x[i] = Clamp(MathF.FusedMultiplyAdd(k.M00, p, MathF.FusedMultiplyAdd(k.M01, q, MathF.FusedMultiplyAdd(k.M02, r, k.O0))), k.Min, k.Max);
            y[i] = Clamp(MathF.FusedMultiplyAdd(k.M10, p, MathF.FusedMultiplyAdd(k.M11, q, MathF.FusedMultiplyAdd(k.M12, r, k.O1))), k.Min, k.Max);
            z[i] = Clamp(MathF.FusedMultiplyAdd(k.M20, p, MathF.FusedMultiplyAdd(k.M21, q, MathF.FusedMultiplyAdd(k.M22, r, k.O2))), k.Min, k.Max);
        }
    }

    // Max then Min, as the vector variants do, so the two agree on every finite input.
    private static float Clamp(float value, float min, float max) => Math.Min(Math.Max(value, min), max);
}
