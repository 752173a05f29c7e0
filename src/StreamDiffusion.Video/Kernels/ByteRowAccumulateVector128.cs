using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace StreamDiffusion.Video.Kernels;

/// <summary>Vector128 variant of <see cref="ByteRowAccumulateKernel"/>: 16 bytes widened to four float vectors per step.</summary>
public sealed class ByteRowAccumulateVector128 : ByteRowAccumulateKernel
{
    /// <summary>Bytes consumed per loop step.</summary>
    public const int ElementsPerBatch = 16;

    /// <summary>True when Vector128 runs on hardware in this process (otherwise the runtime emulates it, slowly).</summary>
    public static bool IsSupported => Vector128.IsHardwareAccelerated;

    /// <inheritdoc/>
    public override KernelWidth Width => KernelWidth.Vector128;

    /// <inheritdoc/>
    protected override void RunCore(ReadOnlySpan<byte> source, float weight, Span<float> accumulator, bool overwrite)
    {
        ref var src = ref MemoryMarshal.GetReference(source);
        ref var acc = ref MemoryMarshal.GetReference(accumulator);
        var w = Vector128.Create(weight);
        var quarter = (nuint)Vector128<float>.Count;
        var i = 0;
        var last = source.Length - ElementsPerBatch;
        for (; i <= last; i += ElementsPerBatch)
        {
            // Widen byte -> ushort -> uint; values fit in int, so the signed (cheaper) conversion to float is exact.
            var bytes = Vector128.LoadUnsafe(ref src, (nuint)i);
            var (lo, hi) = Vector128.Widen(bytes);
            var (a, b) = Vector128.Widen(lo);
            var (c, d) = Vector128.Widen(hi);
            ref var dst = ref Unsafe.Add(ref acc, i);
            if (overwrite)
            {
                // accumulator[i] = weight * source[i]
                Vector128.StoreUnsafe(w * Vector128.ConvertToSingle(a.AsInt32()), ref dst);
                Vector128.StoreUnsafe(w * Vector128.ConvertToSingle(b.AsInt32()), ref dst, quarter);
                Vector128.StoreUnsafe(w * Vector128.ConvertToSingle(c.AsInt32()), ref dst, 2 * quarter);
                Vector128.StoreUnsafe(w * Vector128.ConvertToSingle(d.AsInt32()), ref dst, 3 * quarter);
            }
            else
            {
                // accumulator[i] = fma(weight, source[i], accumulator[i])
                Vector128.StoreUnsafe(Vector128.FusedMultiplyAdd(w, Vector128.ConvertToSingle(a.AsInt32()), Vector128.LoadUnsafe(ref dst)), ref dst);
                Vector128.StoreUnsafe(Vector128.FusedMultiplyAdd(w, Vector128.ConvertToSingle(b.AsInt32()), Vector128.LoadUnsafe(ref dst, quarter)), ref dst, quarter);
                Vector128.StoreUnsafe(Vector128.FusedMultiplyAdd(w, Vector128.ConvertToSingle(c.AsInt32()), Vector128.LoadUnsafe(ref dst, 2 * quarter)), ref dst, 2 * quarter);
                Vector128.StoreUnsafe(Vector128.FusedMultiplyAdd(w, Vector128.ConvertToSingle(d.AsInt32()), Vector128.LoadUnsafe(ref dst, 3 * quarter)), ref dst, 3 * quarter);
            }
        }

        // A read-modify-write tap cannot recompute an overlapping last vector (it would add twice), so the tail is scalar.
        ByteRowAccumulateScalar.Tail(source, weight, accumulator, overwrite, i);
    }
}
