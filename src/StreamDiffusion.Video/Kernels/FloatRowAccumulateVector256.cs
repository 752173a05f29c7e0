using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace StreamDiffusion.Video.Kernels;

/// <summary>Vector256 variant of <see cref="FloatRowAccumulateKernel"/>.</summary>
public sealed class FloatRowAccumulateVector256 : FloatRowAccumulateKernel
{
    /// <summary>Floats consumed per loop step.</summary>
    public static int ElementsPerBatch => Vector256<float>.Count;

    /// <summary>True when Vector256 runs on hardware in this process (otherwise the runtime emulates it, slowly).</summary>
    public static bool IsSupported => Vector256.IsHardwareAccelerated;

    /// <inheritdoc/>
    public override KernelWidth Width => KernelWidth.Vector256;

    /// <inheritdoc/>
    protected override void RunCore(ReadOnlySpan<float> source, float weight, Span<float> accumulator, bool overwrite)
    {
        ref var src = ref MemoryMarshal.GetReference(source);
        ref var acc = ref MemoryMarshal.GetReference(accumulator);
        var w = Vector256.Create(weight);
        var step = Vector256<float>.Count;
        var i = 0;
        var last = source.Length - step;
        if (overwrite)
        {
            for (; i <= last; i += step)
            {
                // accumulator[i] = weight * source[i]
                Vector256.StoreUnsafe(w * Vector256.LoadUnsafe(ref src, (nuint)i), ref acc, (nuint)i);
            }
        }
        else
        {
            for (; i <= last; i += step)
            {
                // accumulator[i] = fma(weight, source[i], accumulator[i])
                ref var dst = ref Unsafe.Add(ref acc, i);
                Vector256.StoreUnsafe(Vector256.FusedMultiplyAdd(w, Vector256.LoadUnsafe(ref src, (nuint)i), Vector256.LoadUnsafe(ref dst)), ref dst);
            }
        }

        // Read-modify-write: an overlapping last vector would add twice, so the tail is scalar.
        FloatRowAccumulateScalar.Tail(source, weight, accumulator, overwrite, i);
    }
}
