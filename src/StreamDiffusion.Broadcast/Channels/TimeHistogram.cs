namespace StreamDiffusion.Broadcast.Channels;

/// <summary>
/// A lock-free histogram of durations over fixed buckets, written by frame-path threads and read by <c>/metrics</c>.
/// <see cref="Observe"/> is two interlocked adds and a short scan of the bounds: no lock, no allocation. A duration
/// <c>d</c> lands in the first bucket whose upper bound satisfies <c>d ≤ bound</c> (Prometheus' <c>le</c>), or in the
/// overflow bucket above the last bound. Placement compares whole <see cref="TimeSpan"/> ticks (100 ns), so a value
/// exactly on a bound is counted in that bound's bucket; the sum is kept in microseconds.
/// </summary>
public sealed class TimeHistogram
{
    private readonly long[] _boundTicks;
    private readonly TimeSpan[] _bounds;
    private readonly long[] _counts;
    private long _sumMicroseconds;

    /// <summary>Creates a histogram with the given upper bounds (strictly ascending, positive) and an overflow bucket.</summary>
    public TimeHistogram(ReadOnlySpan<TimeSpan> upperBounds)
    {
        if (upperBounds.IsEmpty)
        {
            throw new ArgumentException("a histogram needs at least one upper bound.", nameof(upperBounds));
        }

        _bounds = upperBounds.ToArray();
        _boundTicks = new long[_bounds.Length];
        for (var i = 0; i < _bounds.Length; i++)
        {
            if (_bounds[i] <= TimeSpan.Zero || (i > 0 && _bounds[i] <= _bounds[i - 1]))
            {
                throw new ArgumentException($"upper bound {i} ({_bounds[i].TotalMilliseconds} ms) must be positive and above the one before it.", nameof(upperBounds));
            }

            _boundTicks[i] = _bounds[i].Ticks;
        }

        _counts = new long[_bounds.Length + 1];
    }

    /// <summary>
    /// Bounds for input→output latency, 1 ms … 2 s. Denser between 20 ms and 500 ms, where a processed channel sits (one
    /// to fifteen frames at 25–60 fps plus model time); 2 s is past the point where an operator would call it broken.
    /// </summary>
    public static IReadOnlyList<TimeSpan> LatencyBounds { get; } = Milliseconds(1, 2, 5, 10, 20, 30, 40, 50, 75, 100, 150, 200, 300, 500, 750, 1000, 2000);

    /// <summary>
    /// Bounds for send-interval jitter (|actual − expected| between two sends), 0.1 ms … 100 ms on a 1-2-5 scale: below
    /// 1 ms is a good software clock, 8 ms is half a frame at 60 fps, 20–40 ms is a whole frame at 25–50 fps, 100 ms is a
    /// visible stall.
    /// </summary>
    public static IReadOnlyList<TimeSpan> JitterBounds { get; } = Milliseconds(0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100);

    /// <summary>A histogram with <see cref="LatencyBounds"/>.</summary>
    public static TimeHistogram ForLatency() => new([.. LatencyBounds]);

    /// <summary>A histogram with <see cref="JitterBounds"/>.</summary>
    public static TimeHistogram ForJitter() => new([.. JitterBounds]);

    /// <summary>The upper bounds, ascending, without the overflow bucket.</summary>
    public IReadOnlyList<TimeSpan> UpperBounds => _bounds;

    /// <summary>Counts one duration; a negative one counts as zero.</summary>
    public void Observe(TimeSpan duration)
    {
        var ticks = Math.Max(0, duration.Ticks);
        var bucket = 0;
        while (bucket < _boundTicks.Length && ticks > _boundTicks[bucket])
        {
            bucket++;
        }

        Interlocked.Increment(ref _counts[bucket]);
        Interlocked.Add(ref _sumMicroseconds, ticks / TimeSpan.TicksPerMicrosecond);
    }

    /// <summary>
    /// A copy for reporting. Each bucket is read atomically and the count is their total, so buckets and count always
    /// agree; an observation in flight may be in the count but not yet in the sum, or the reverse.
    /// </summary>
    public TimeHistogramSnapshot Snapshot()
    {
        var counts = new long[_counts.Length];
        long total = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            counts[i] = Volatile.Read(ref _counts[i]);
            total += counts[i];
        }

        return new TimeHistogramSnapshot(_bounds, counts, total, TimeSpan.FromMicroseconds(Volatile.Read(ref _sumMicroseconds)));
    }

    private static TimeSpan[] Milliseconds(params ReadOnlySpan<double> values)
    {
        var bounds = new TimeSpan[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            bounds[i] = TimeSpan.FromTicks((long)Math.Round(values[i] * TimeSpan.TicksPerMillisecond));
        }

        return bounds;
    }
}

/// <summary>A <see cref="TimeHistogram"/> at one moment.</summary>
/// <param name="UpperBounds">The bucket upper bounds, ascending, without the overflow bucket.</param>
/// <param name="Counts">Observations per bucket (not cumulative); one more entry than bounds: the last is the overflow bucket.</param>
/// <param name="Count">All observations (the total of <paramref name="Counts"/>).</param>
/// <param name="Sum">The sum of all observed durations.</param>
public sealed record TimeHistogramSnapshot(IReadOnlyList<TimeSpan> UpperBounds, IReadOnlyList<long> Counts, long Count, TimeSpan Sum);
