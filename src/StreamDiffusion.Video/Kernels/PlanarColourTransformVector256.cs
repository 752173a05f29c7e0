using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace StreamDiffusion.Video.Kernels;

/// <summary>Vector256 variant of <see cref="PlanarColourTransformKernel"/>; coefficients come from the caller, broadcast once.</summary>
public sealed class PlanarColourTransformVector256 : PlanarColourTransformKernel
{
    /// <summary>Pixels per loop step.</summary>
    public static int ElementsPerBatch => Vector256<float>.Count;

    /// <summary>True when Vector256 runs on hardware in this process (otherwise the runtime emulates it, slowly).</summary>
    public static bool IsSupported => Vector256.IsHardwareAccelerated;

    /// <inheritdoc/>
    public override KernelWidth Width => KernelWidth.Vector256;

    /// <inheritdoc/>
    protected override void RunCore(
        ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<float> c,
        Span<float> x, Span<float> y, Span<float> z, in ColourTransformCoefficients k)
    {
        ref var ra = ref MemoryMarshal.GetReference(a);
        ref var rb = ref MemoryMarshal.GetReference(b);
        ref var rc = ref MemoryMarshal.GetReference(c);
        ref var rx = ref MemoryMarshal.GetReference(x);
        ref var ry = ref MemoryMarshal.GetReference(y);
        ref var rz = ref MemoryMarshal.GetReference(z);
        Vector256<float> m00 = Vector256.Create(k.M00), m01 = Vector256.Create(k.M01), m02 = Vector256.Create(k.M02), o0 = Vector256.Create(k.O0);
        Vector256<float> m10 = Vector256.Create(k.M10), m11 = Vector256.Create(k.M11), m12 = Vector256.Create(k.M12), o1 = Vector256.Create(k.O1);
        Vector256<float> m20 = Vector256.Create(k.M20), m21 = Vector256.Create(k.M21), m22 = Vector256.Create(k.M22), o2 = Vector256.Create(k.O2);
        Vector256<float> min = Vector256.Create(k.Min), max = Vector256.Create(k.Max);
        var step = Vector256<float>.Count;
        var i = 0;
        for (var last = a.Length - step; i <= last; i += step)
        {
            var offset = (nuint)i;
            var p = Vector256.LoadUnsafe(ref ra, offset);
            var q = Vector256.LoadUnsafe(ref rb, offset);
            var r = Vector256.LoadUnsafe(ref rc, offset);
            // x = clamp(fma(m00, p, fma(m01, q, fma(m02, r, o0))), min, max), and likewise y, z
            var vx = Vector256.FusedMultiplyAdd(m00, p, Vector256.FusedMultiplyAdd(m01, q, Vector256.FusedMultiplyAdd(m02, r, o0)));
            var vy = Vector256.FusedMultiplyAdd(m10, p, Vector256.FusedMultiplyAdd(m11, q, Vector256.FusedMultiplyAdd(m12, r, o1)));
            var vz = Vector256.FusedMultiplyAdd(m20, p, Vector256.FusedMultiplyAdd(m21, q, Vector256.FusedMultiplyAdd(m22, r, o2)));
            Vector256.StoreUnsafe(Vector256.Min(Vector256.Max(vx, min), max), ref rx, offset);
            Vector256.StoreUnsafe(Vector256.Min(Vector256.Max(vy, min), max), ref ry, offset);
            Vector256.StoreUnsafe(Vector256.Min(Vector256.Max(vz, min), max), ref rz, offset);
        }

        // Outputs may alias inputs (in-place transforms), so the tail is scalar rather than an overlapping recompute.
        PlanarColourTransformScalar.Tail(a, b, c, x, y, z, k, i);
    }
}
