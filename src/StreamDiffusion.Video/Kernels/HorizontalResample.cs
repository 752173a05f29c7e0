using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace StreamDiffusion.Video.Kernels;

/// <summary>
/// The horizontal half of the separable resampler: <c>dst[d0 + j·ds] = Σₜ w[j,t] · src[o[j] + t·ss]</c>.
/// Scalar by design: each output reads a different, short, strided run, which portable vectors cannot gather
/// cheaply; it runs at the smaller of the two resolutions (model size), so it is not where the time goes
/// (docs/benchmarks.md).
/// </summary>
public static class HorizontalResample
{
    /// <summary>Filters <paramref name="count"/> outputs; <paramref name="offsets"/> are the element index of each output's first tap.</summary>
    /// <exception cref="ArgumentException">A tap or an output would fall outside its span.</exception>
    public static void Run(
        ReadOnlySpan<float> source, ReadOnlySpan<int> offsets, ReadOnlySpan<float> weights, int taps, int sourceStride,
        Span<float> destination, int destinationOffset, int destinationStride, int count)
    {
        if (count < 0 || offsets.Length < count || weights.Length < count * taps || taps < 1 || sourceStride < 1 || destinationStride < 1)
        {
            throw new ArgumentException($"Horizontal resample: {count} outputs need {count} offsets and {count * taps} weights; got {offsets.Length} and {weights.Length}.", nameof(offsets));
        }

        if (count > 0 && (destinationOffset < 0 || destinationOffset + ((long)(count - 1) * destinationStride) >= destination.Length))
        {
            throw new ArgumentException($"Horizontal resample: {count} outputs from element {destinationOffset} step {destinationStride} overrun a row of {destination.Length}.", nameof(destination));
        }

        var reach = (long)(taps - 1) * sourceStride;
        for (var j = 0; j < count; j++)
        {
            if (offsets[j] < 0 || offsets[j] + reach >= source.Length)
            {
                throw new ArgumentException($"Horizontal resample: output {j} reads from element {offsets[j]} to {offsets[j] + reach}, outside a row of {source.Length}.", nameof(offsets));
            }
        }

        ref var src = ref MemoryMarshal.GetReference(source);
        ref var w = ref MemoryMarshal.GetReference(weights);
        ref var dst = ref Unsafe.Add(ref MemoryMarshal.GetReference(destination), destinationOffset);
        if (taps == 2)
        {
            // The common enlarging case (bilinear), unrolled.
            for (var j = 0; j < count; j++)
            {
                ref var s = ref Unsafe.Add(ref src, offsets[j]);
                var sum = Unsafe.Add(ref w, 2 * j) * s;
                sum = MathF.FusedMultiplyAdd(Unsafe.Add(ref w, (2 * j) + 1), Unsafe.Add(ref s, sourceStride), sum);
                Unsafe.Add(ref dst, j * destinationStride) = sum;
            }

            return;
        }

        for (var j = 0; j < count; j++)
        {
            ref var s = ref Unsafe.Add(ref src, offsets[j]);
            ref var wj = ref Unsafe.Add(ref w, j * taps);
            var sum = wj * s;
            for (var t = 1; t < taps; t++)
            {
                sum = MathF.FusedMultiplyAdd(Unsafe.Add(ref wj, t), Unsafe.Add(ref s, t * sourceStride), sum);
            }

            Unsafe.Add(ref dst, j * destinationStride) = sum;
        }
    }
}
