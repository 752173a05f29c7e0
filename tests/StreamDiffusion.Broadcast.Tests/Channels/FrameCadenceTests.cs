using System.Diagnostics;
using StreamDiffusion.Broadcast.Channels;

namespace StreamDiffusion.Broadcast.Tests.Channels;

public sealed class FrameCadenceTests
{
    [Theory]
    [InlineData(30000, 1001)]
    [InlineData(60000, 1001)]
    [InlineData(25, 1)]
    [InlineData(24000, 1001)]
    public void After_a_week_of_slots_the_cadence_has_not_drifted(int n, int d)
    {
        var cadence = new FrameCadence(n, d, originTicks: 1_000);
        var week = 7L * 24 * 3600;
        var slots = week * n / d; // whole frames in a week

        var expected = 1_000 + (Int128)Stopwatch.Frequency * week; // exactly one week after the origin
        var actual = cadence.SlotTime(slots);

        // The slot nearest a week lies within one frame period of it, and the computed time is exact to the tick.
        Assert.True(actual <= expected && expected - actual < (Int128)Stopwatch.Frequency * d / n,
            $"slot {slots} at {actual}, a week is {expected}");
        Assert.Equal(1_000 + (long)((Int128)slots * Stopwatch.Frequency * d / n), actual);
    }

    [Fact]
    public void Slot_at_or_after_finds_the_next_slot_boundary()
    {
        var cadence = new FrameCadence(25, 1, originTicks: 0);
        var period = Stopwatch.Frequency / 25;

        Assert.Equal(0, cadence.SlotAtOrAfter(-5));
        Assert.Equal(0, cadence.SlotAtOrAfter(0));
        Assert.Equal(1, cadence.SlotAtOrAfter(1));
        Assert.Equal(1, cadence.SlotAtOrAfter(period));
        Assert.Equal(2, cadence.SlotAtOrAfter(period + 1));
        Assert.Equal(TimeSpan.FromMilliseconds(40), cadence.Period);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(30, 0)]
    [InlineData(1000, 1)]
    public void Unusable_rates_are_refused_with_the_fix(int n, int d)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new FrameCadence(n, d, 0));
        Assert.Contains($"{n}/{d}", e.Message, StringComparison.Ordinal);
        Assert.Contains("30000/1001", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Precise_sleep_never_returns_before_its_deadline()
    {
        for (var i = 0; i < 20; i++)
        {
            var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 1000; // 1 ms ahead
            PreciseSleep.Until(deadline);
            Assert.True(Stopwatch.GetTimestamp() >= deadline);
        }
    }
}
