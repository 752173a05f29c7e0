using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace StreamDiffusion.Video.Kernels;

/// <summary>Vector256 variant of <see cref="FloatRowToBytesKernel"/>: four float vectors narrowed to one byte vector per step.</summary>
public sealed class FloatRowToBytesVector256 : FloatRowToBytesKernel
{
    /// <summary>Samples written per loop step.</summary>
    public static int ElementsPerBatch => Vector256<byte>.Count;

    /// <summary>True when Vector256 runs on hardware in this process (otherwise the runtime emulates it, slowly).</summary>
    public static bool IsSupported => Vector256.IsHardwareAccelerated;

    /// <inheritdoc/>
    public override KernelWidth Width => KernelWidth.Vector256;

    /// <inheritdoc/>
    protected override void RunCore(ReadOnlySpan<float> source, Span<byte> destination)
    {
        var step = Vector256<byte>.Count;
        if (source.Length < step)
        {
            FloatRowToBytesScalar.Tail(source, destination, 0);
            return;
        }

        ref var src = ref MemoryMarshal.GetReference(source);
        ref var dst = ref MemoryMarshal.GetReference(destination);
        var half = Vector256.Create(0.5f);
        var zero = Vector256<int>.Zero;
        var max = Vector256.Create(255);
        var quarter = (nuint)Vector256<float>.Count;
        var i = 0;
        while (true)
        {
            // The pack is a pure function of its input, so the tail recomputes one overlapping last vector.
            if (i > source.Length - step)
            {
                i = source.Length - step;
            }

            ref var s = ref System.Runtime.CompilerServices.Unsafe.Add(ref src, i);
            // destination[i] = clamp((int)(source[i] + 0.5f), 0, 255)
            var a = Vector256.Min(Vector256.Max(Vector256.ConvertToInt32(Vector256.LoadUnsafe(ref s) + half), zero), max);
            var b = Vector256.Min(Vector256.Max(Vector256.ConvertToInt32(Vector256.LoadUnsafe(ref s, quarter) + half), zero), max);
            var c = Vector256.Min(Vector256.Max(Vector256.ConvertToInt32(Vector256.LoadUnsafe(ref s, 2 * quarter) + half), zero), max);
            var d = Vector256.Min(Vector256.Max(Vector256.ConvertToInt32(Vector256.LoadUnsafe(ref s, 3 * quarter) + half), zero), max);
            var low = Vector256.Narrow(a, b).AsUInt16();
            var high = Vector256.Narrow(c, d).AsUInt16();
            Vector256.StoreUnsafe(Vector256.Narrow(low, high), ref dst, (nuint)i);
            if (i == source.Length - step)
            {
                return;
            }

            i += step;
        }
    }
}
