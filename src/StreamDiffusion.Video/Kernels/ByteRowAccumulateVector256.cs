using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace StreamDiffusion.Video.Kernels;

/// <summary>Vector256 variant of <see cref="ByteRowAccumulateKernel"/>: 32 bytes widened to four float vectors per step.</summary>
public sealed class ByteRowAccumulateVector256 : ByteRowAccumulateKernel
{
    /// <summary>Bytes consumed per loop step.</summary>
    public const int ElementsPerBatch = 32;

    /// <summary>True when Vector256 runs on hardware in this process (otherwise the runtime emulates it, slowly).</summary>
    public static bool IsSupported => Vector256.IsHardwareAccelerated;

    /// <inheritdoc/>
    public override KernelWidth Width => KernelWidth.Vector256;

    /// <inheritdoc/>
    protected override void RunCore(ReadOnlySpan<byte> source, float weight, Span<float> accumulator, bool overwrite)
    {
        ref var src = ref MemoryMarshal.GetReference(source);
        ref var acc = ref MemoryMarshal.GetReference(accumulator);
        var w = Vector256.Create(weight);
        var quarter = (nuint)Vector256<float>.Count;
        var i = 0;
        var last = source.Length - ElementsPerBatch;
        for (; i <= last; i += ElementsPerBatch)
        {
            // Widen byte -> ushort -> uint; values fit in int, so the signed (cheaper) conversion to float is exact.
            var bytes = Vector256.LoadUnsafe(ref src, (nuint)i);
            var (lo, hi) = Vector256.Widen(bytes);
            var (a, b) = Vector256.Widen(lo);
            var (c, d) = Vector256.Widen(hi);
            ref var dst = ref Unsafe.Add(ref acc, i);
            if (overwrite)
            {
                // accumulator[i] = weight * source[i]
                Vector256.StoreUnsafe(w * Vector256.ConvertToSingle(a.AsInt32()), ref dst);
                Vector256.StoreUnsafe(w * Vector256.ConvertToSingle(b.AsInt32()), ref dst, quarter);
                Vector256.StoreUnsafe(w * Vector256.ConvertToSingle(c.AsInt32()), ref dst, 2 * quarter);
                Vector256.StoreUnsafe(w * Vector256.ConvertToSingle(d.AsInt32()), ref dst, 3 * quarter);
            }
            else
            {
                // accumulator[i] = fma(weight, source[i], accumulator[i])
                Vector256.StoreUnsafe(Vector256.FusedMultiplyAdd(w, Vector256.ConvertToSingle(a.AsInt32()), Vector256.LoadUnsafe(ref dst)), ref dst);
                Vector256.StoreUnsafe(Vector256.FusedMultiplyAdd(w, Vector256.ConvertToSingle(b.AsInt32()), Vector256.LoadUnsafe(ref dst, quarter)), ref dst, quarter);
                Vector256.StoreUnsafe(Vector256.FusedMultiplyAdd(w, Vector256.ConvertToSingle(c.AsInt32()), Vector256.LoadUnsafe(ref dst, 2 * quarter)), ref dst, 2 * quarter);
                Vector256.StoreUnsafe(Vector256.FusedMultiplyAdd(w, Vector256.ConvertToSingle(d.AsInt32()), Vector256.LoadUnsafe(ref dst, 3 * quarter)), ref dst, 3 * quarter);
            }
        }

        // A read-modify-write tap cannot recompute an overlapping last vector (it would add twice), so the tail is scalar.
        ByteRowAccumulateScalar.Tail(source, weight, accumulator, overwrite, i);
    }
}
