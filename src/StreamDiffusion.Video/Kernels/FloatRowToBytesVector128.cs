using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace StreamDiffusion.Video.Kernels;

/// <summary>Vector128 variant of <see cref="FloatRowToBytesKernel"/>: four float vectors narrowed to one byte vector per step.</summary>
public sealed class FloatRowToBytesVector128 : FloatRowToBytesKernel
{
    /// <summary>Samples written per loop step.</summary>
    public static int ElementsPerBatch => Vector128<byte>.Count;

    /// <summary>True when Vector128 runs on hardware in this process (otherwise the runtime emulates it, slowly).</summary>
    public static bool IsSupported => Vector128.IsHardwareAccelerated;

    /// <inheritdoc/>
    public override KernelWidth Width => KernelWidth.Vector128;

    /// <inheritdoc/>
    protected override void RunCore(ReadOnlySpan<float> source, Span<byte> destination)
    {
        var step = Vector128<byte>.Count;
        if (source.Length < step)
        {
            FloatRowToBytesScalar.Tail(source, destination, 0);
            return;
        }

        ref var src = ref MemoryMarshal.GetReference(source);
        ref var dst = ref MemoryMarshal.GetReference(destination);
        var half = Vector128.Create(0.5f);
        var zero = Vector128<int>.Zero;
        var max = Vector128.Create(255);
        var quarter = (nuint)Vector128<float>.Count;
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
            var a = Vector128.Min(Vector128.Max(Vector128.ConvertToInt32(Vector128.LoadUnsafe(ref s) + half), zero), max);
            var b = Vector128.Min(Vector128.Max(Vector128.ConvertToInt32(Vector128.LoadUnsafe(ref s, quarter) + half), zero), max);
            var c = Vector128.Min(Vector128.Max(Vector128.ConvertToInt32(Vector128.LoadUnsafe(ref s, 2 * quarter) + half), zero), max);
            var d = Vector128.Min(Vector128.Max(Vector128.ConvertToInt32(Vector128.LoadUnsafe(ref s, 3 * quarter) + half), zero), max);
            var low = Vector128.Narrow(a, b).AsUInt16();
            var high = Vector128.Narrow(c, d).AsUInt16();
            Vector128.StoreUnsafe(Vector128.Narrow(low, high), ref dst, (nuint)i);
            if (i == source.Length - step)
            {
                return;
            }

            i += step;
        }
    }
}
