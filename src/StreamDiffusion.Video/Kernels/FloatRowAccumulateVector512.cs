using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace StreamDiffusion.Video.Kernels;

/// <summary>Vector512 variant of <see cref="FloatRowAccumulateKernel"/>.</summary>
public sealed class FloatRowAccumulateVector512 : FloatRowAccumulateKernel
{
    /// <summary>Floats consumed per loop step.</summary>
    public static int ElementsPerBatch => Vector512<float>.Count;

    /// <summary>True when Vector512 runs on hardware in this process (otherwise the runtime emulates it, slowly).</summary>
    public static bool IsSupported => Vector512.IsHardwareAccelerated;

    /// <inheritdoc/>
    public override KernelWidth Width => KernelWidth.Vector512;

    /// <inheritdoc/>
    protected override void RunCore(ReadOnlySpan<float> source, float weight, Span<float> accumulator, bool overwrite)
    {
        ref var src = ref MemoryMarshal.GetReference(source);
        ref var acc = ref MemoryMarshal.GetReference(accumulator);
        var w = Vector512.Create(weight);
        var step = Vector512<float>.Count;
        var i = 0;
        var last = source.Length - step;
        if (overwrite)
        {
            for (; i <= last; i += step)
            {
                // accumulator[i] = weight * source[i]
                Vector512.StoreUnsafe(w * Vector512.LoadUnsafe(ref src, (nuint)i), ref acc, (nuint)i);
            }
        }
        else
        {
            for (; i <= last; i += step)
            {
                // accumulator[i] = fma(weight, source[i], accumulator[i])
                ref var dst = ref Unsafe.Add(ref acc, i);
                Vector512.StoreUnsafe(Vector512.FusedMultiplyAdd(w, Vector512.LoadUnsafe(ref src, (nuint)i), Vector512.LoadUnsafe(ref dst)), ref dst);
            }
        }

        // Read-modify-write: an overlapping last vector would add twice, so the tail is scalar.
        FloatRowAccumulateScalar.Tail(source, weight, accumulator, overwrite, i);
    }
}
