using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace StreamDiffusion.Video.Kernels;

/// <summary>Vector128 variant of <see cref="FloatRowAccumulateKernel"/>.</summary>
public sealed class FloatRowAccumulateVector128 : FloatRowAccumulateKernel
{
    /// <summary>Floats consumed per loop step.</summary>
    public static int ElementsPerBatch => Vector128<float>.Count;

    /// <summary>True when Vector128 runs on hardware in this process (otherwise the runtime emulates it, slowly).</summary>
    public static bool IsSupported => Vector128.IsHardwareAccelerated;

    /// <inheritdoc/>
    public override KernelWidth Width => KernelWidth.Vector128;

    /// <inheritdoc/>
    protected override void RunCore(ReadOnlySpan<float> source, float weight, Span<float> accumulator, bool overwrite)
    {
        ref var src = ref MemoryMarshal.GetReference(source);
        ref var acc = ref MemoryMarshal.GetReference(accumulator);
        var w = Vector128.Create(weight);
        var step = Vector128<float>.Count;
        var i = 0;
        var last = source.Length - step;
        if (overwrite)
        {
            for (; i <= last; i += step)
            {
                // accumulator[i] = weight * source[i]
                Vector128.StoreUnsafe(w * Vector128.LoadUnsafe(ref src, (nuint)i), ref acc, (nuint)i);
            }
        }
        else
        {
            for (; i <= last; i += step)
            {
                // accumulator[i] = fma(weight, source[i], accumulator[i])
                ref var dst = ref Unsafe.Add(ref acc, i);
                Vector128.StoreUnsafe(Vector128.FusedMultiplyAdd(w, Vector128.LoadUnsafe(ref src, (nuint)i), Vector128.LoadUnsafe(ref dst)), ref dst);
            }
        }

        // Read-modify-write: an overlapping last vector would add twice, so the tail is scalar.
        FloatRowAccumulateScalar.Tail(source, weight, accumulator, overwrite, i);
    }
}
