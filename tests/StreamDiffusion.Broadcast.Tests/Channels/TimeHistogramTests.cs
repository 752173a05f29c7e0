using StreamDiffusion.Broadcast.Channels;

namespace StreamDiffusion.Broadcast.Tests.Channels;

public sealed class TimeHistogramTests
{
    private static TimeSpan Ms(double milliseconds) => TimeSpan.FromTicks((long)Math.Round(milliseconds * TimeSpan.TicksPerMillisecond));

    [Fact]
    public void A_value_on_a_bound_counts_in_that_bound_and_one_tick_above_in_the_next()
    {
        var histogram = new TimeHistogram([Ms(1), Ms(10)]);

        histogram.Observe(TimeSpan.Zero);
        histogram.Observe(Ms(1));
        histogram.Observe(Ms(1) + TimeSpan.FromTicks(1));
        histogram.Observe(Ms(10));
        histogram.Observe(Ms(10) + TimeSpan.FromTicks(1));
        histogram.Observe(TimeSpan.FromSeconds(-1)); // a clock step backwards counts as zero

        var snapshot = histogram.Snapshot();
        Assert.Equal([3L, 2, 1], snapshot.Counts);
        Assert.Equal(6, snapshot.Count);
    }

    [Fact]
    public void Count_and_sum_add_up_in_microseconds()
    {
        var histogram = TimeHistogram.ForLatency();

        histogram.Observe(Ms(0.25));
        histogram.Observe(Ms(40));
        histogram.Observe(TimeSpan.FromSeconds(3));

        var snapshot = histogram.Snapshot();
        Assert.Equal(3, snapshot.Count);
        Assert.Equal(TimeSpan.FromMicroseconds(250 + 40_000 + 3_000_000), snapshot.Sum);
        Assert.Equal(1, snapshot.Counts[0]);
        Assert.Equal(1, snapshot.Counts[TimeHistogram.LatencyBounds.ToList().IndexOf(Ms(40))]);
        Assert.Equal(1, snapshot.Counts[^1]); // 3 s is past the last bound
    }

    [Fact]
    public void The_shipped_bounds_span_what_the_docs_say()
    {
        Assert.Equal((Ms(1), TimeSpan.FromSeconds(2)), (TimeHistogram.LatencyBounds[0], TimeHistogram.LatencyBounds[^1]));
        Assert.Equal((Ms(0.1), Ms(100)), (TimeHistogram.JitterBounds[0], TimeHistogram.JitterBounds[^1]));
        Assert.Equal(TimeHistogram.JitterBounds.Count + 1, TimeHistogram.ForJitter().Snapshot().Counts.Count);
    }

    [Theory]
    [InlineData(new double[0])]
    [InlineData(new[] { 0.0 })]
    [InlineData(new[] { 2.0, 1.0 })]
    [InlineData(new[] { 1.0, 1.0 })]
    public void Bounds_must_be_positive_and_strictly_ascending(double[] milliseconds)
    {
        Assert.Throws<ArgumentException>(() => new TimeHistogram([.. milliseconds.Select(Ms)]));
    }

    [Fact]
    public void Observations_from_two_threads_are_all_counted()
    {
        const int PerThread = 200_000;
        var histogram = new TimeHistogram([Ms(1), Ms(2)]);
        using var start = new Barrier(2);
        var threads = new[] { Ms(0.5), Ms(1.5) }.Select(value => new Thread(() =>
        {
            start.SignalAndWait(TimeSpan.FromSeconds(10));
            for (var i = 0; i < PerThread; i++)
            {
                histogram.Observe(value);
            }
        })).ToList();

        threads.ForEach(t => t.Start());
        Assert.All(threads, t => Assert.True(t.Join(TimeSpan.FromSeconds(30)), "an observing thread did not finish"));

        var snapshot = histogram.Snapshot();
        Assert.Equal([(long)PerThread, PerThread, 0], snapshot.Counts);
        Assert.Equal(2L * PerThread, snapshot.Count);
        Assert.Equal(TimeSpan.FromMicroseconds(PerThread * (500L + 1500)), snapshot.Sum);
    }

    [Fact]
    public void Send_intervals_feed_the_jitter_histogram_and_the_last_and_largest_jitter()
    {
        var counters = new ChannelCounters();
        var period = TimeSpan.FromTicks(TimeSpan.TicksPerSecond / 50);

        counters.SendInterval(period + Ms(0.3), period);
        counters.SendInterval(period - Ms(7), period);
        counters.SendInterval(period, period);
        counters.Latency(Ms(45));

        var jitter = counters.SendJitterHistogram.Snapshot();
        var snapshot = counters.Snapshot();
        Assert.Equal(3, jitter.Count);
        Assert.Equal(TimeSpan.FromMicroseconds(7300), jitter.Sum);
        Assert.Equal(1, jitter.Counts[0]); // 0 ≤ 0.1 ms
        Assert.Equal(1, jitter.Counts[2]); // 0.3 ms ≤ 0.5 ms
        Assert.Equal(1, jitter.Counts[6]); // 5 ms < 7 ms ≤ 10 ms
        Assert.Equal((0.0, 7.0), (snapshot.SendJitterMs, snapshot.MaxSendJitterMs));
        Assert.Equal(1, counters.LatencyHistogram.Snapshot().Count);
        Assert.Equal(45, snapshot.LatencyMs, 3);
    }
}
