namespace StreamDiffusion.Video.Geometry;

/// <summary>
/// Precomputed filter taps for one axis: which source samples (a run of <see cref="Taps"/> from <see cref="First"/>)
/// and weights make each destination sample. Shrinking uses the area (box) filter — each destination cell averages
/// the source cells it overlaps, weighted by overlap, as OpenCV's INTER_AREA does; enlarging (or equal size) uses
/// bilinear interpolation between sample centres, as INTER_LINEAR does. Edges replicate the outermost sample.
/// Destination samples whose centre lies outside the destination window take no taps (the caller fills them).
/// </summary>
public sealed class ResampleAxis
{
    private ResampleAxis(int destinationCount, int taps, int insideBegin, int insideEnd, int[] first, float[] weights, bool shrinking)
    {
        DestinationCount = destinationCount;
        Taps = taps;
        InsideBegin = insideBegin;
        InsideEnd = insideEnd;
        First = first;
        Weights = weights;
        IsShrinking = shrinking;
    }

    /// <summary>Destination samples on this axis.</summary>
    public int DestinationCount { get; }

    /// <summary>Taps per destination sample (weights beyond a sample's support are zero).</summary>
    public int Taps { get; }

    /// <summary>First destination sample inside the window.</summary>
    public int InsideBegin { get; }

    /// <summary>One past the last destination sample inside the window.</summary>
    public int InsideEnd { get; }

    /// <summary>Per destination sample, the source index of its first tap (-1 outside the window).</summary>
    public int[] First { get; }

    /// <summary>Per destination sample, <see cref="Taps"/> weights summing to 1.</summary>
    public float[] Weights { get; }

    /// <summary>True when the area filter was used (source cells per destination cell above 1).</summary>
    public bool IsShrinking { get; }

    /// <summary>Taps mapping picture window [<paramref name="sourceStart"/>, + <paramref name="sourceLength"/>) on <paramref name="source"/> onto [<paramref name="destinationStart"/>, + <paramref name="destinationLength"/>) on <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentException">A window is empty or a grid has no samples.</exception>
    public static ResampleAxis Build(SampleGrid source, double sourceStart, double sourceLength, SampleGrid destination, double destinationStart, double destinationLength)
    {
        if (source.Count <= 0 || destination.Count <= 0 || !(sourceLength > 0) || !(destinationLength > 0))
        {
            throw new ArgumentException(
                $"Resample axis: source {source.Count} samples window {sourceLength}, destination {destination.Count} samples window {destinationLength}; all must be positive.",
                nameof(source));
        }

        // Destination grid coordinate -> source grid coordinate, affine: s = a*g + b.
        var pictureScale = sourceLength / destinationLength;
        var a = pictureScale * source.Scale / destination.Scale;
        var b = source.ToGrid(((destination.ToPicture(0) - destinationStart) * pictureScale) + sourceStart);
        var shrinking = a > 1 + 1e-9;
        var n = source.Count;
        var raw = new List<(int Dest, int Index, double Weight)>();
        int insideBegin = -1, insideEnd = -1;
        for (var j = 0; j < destination.Count; j++)
        {
            var centre = destination.ToPicture(j + 0.5);
            if (centre < destinationStart || centre >= destinationStart + destinationLength)
            {
                continue;
            }

            if (insideBegin < 0)
            {
                insideBegin = j;
            }

            insideEnd = j + 1;
            if (shrinking)
            {
                var s0 = (a * j) + b;
                var s1 = s0 + a;
                for (var i = (int)Math.Floor(s0); i < s1; i++)
                {
                    var overlap = Math.Min(s1, i + 1) - Math.Max(s0, i);
                    if (overlap > 1e-12)
                    {
                        raw.Add((j, Math.Clamp(i, 0, n - 1), overlap / a));
                    }
                }
            }
            else
            {
                var c = (a * (j + 0.5)) + b - 0.5;
                var i0 = (int)Math.Floor(c);
                var f = c - i0;
                raw.Add((j, Math.Clamp(i0, 0, n - 1), 1 - f));
                if (f > 1e-12)
                {
                    raw.Add((j, Math.Clamp(i0 + 1, 0, n - 1), f));
                }
            }
        }

        if (insideBegin < 0)
        {
            throw new ArgumentException(
                $"Resample axis: no destination sample centre falls inside window [{destinationStart}, {destinationStart + destinationLength}); widen the window.",
                nameof(destinationLength));
        }

        // Gather per destination sample into the smallest index run, then pad every sample to a common tap count.
        var first = new int[destination.Count];
        var last = new int[destination.Count];
        Array.Fill(first, int.MaxValue);
        Array.Fill(last, int.MinValue);
        foreach (var (dest, index, _) in raw)
        {
            first[dest] = Math.Min(first[dest], index);
            last[dest] = Math.Max(last[dest], index);
        }

        var taps = 1;
        for (var j = insideBegin; j < insideEnd; j++)
        {
            taps = Math.Max(taps, last[j] - first[j] + 1);
        }

        for (var j = 0; j < destination.Count; j++)
        {
            first[j] = j >= insideBegin && j < insideEnd ? Math.Min(first[j], n - taps) : -1;
        }

        var sums = new double[destination.Count * taps];
        foreach (var (dest, index, weight) in raw)
        {
            sums[(dest * taps) + index - first[dest]] += weight;
        }

        var weights = new float[sums.Length];
        for (var j = insideBegin; j < insideEnd; j++)
        {
            // Normalise so a flat field stays flat to the last bit.
            var total = 0.0;
            for (var t = 0; t < taps; t++)
            {
                total += sums[(j * taps) + t];
            }

            for (var t = 0; t < taps; t++)
            {
                weights[(j * taps) + t] = (float)(sums[(j * taps) + t] / total);
            }
        }

        return new ResampleAxis(destination.Count, taps, insideBegin, insideEnd, first, weights, shrinking);
    }
}
