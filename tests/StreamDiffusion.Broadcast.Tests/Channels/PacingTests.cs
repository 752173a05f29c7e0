using System.Diagnostics;
using StreamDiffusion.Broadcast.Channels.Pacing;
using StreamDiffusion.Video.Frames;

namespace StreamDiffusion.Broadcast.Tests.Channels;

/// <summary>The pacer's parts: the output delay, the processed frames waiting for their slot, the input slots.</summary>
public sealed class PacingTests
{
    private static readonly VideoFramePool Pool = new();
    private static readonly long Ms = Stopwatch.Frequency / 1000;

    private static VideoFrame Frame(long captureTicks)
    {
        var frame = Pool.Rent(PixelFormat.Uyvy, 16, 8);
        frame.Provenance = new FrameProvenance(captureTicks, captureTicks, 0, FieldFormat.Progressive);
        return frame;
    }

    [Fact]
    public void A_configured_delay_holds_from_the_start()
    {
        var delay = OutputDelay.For(250);

        Assert.True(delay.IsLatched);
        Assert.False(delay.IsMeasured);
        Assert.Equal(TimeSpan.FromMilliseconds(250), delay.Value);
        Assert.False(delay.Observe(0, 900 * Ms, 33 * Ms));
        Assert.Equal(TimeSpan.FromMilliseconds(250), delay.Value);
    }

    [Fact]
    public void A_measured_delay_is_the_slowest_steady_frame_plus_one_period_and_then_held()
    {
        var delay = OutputDelay.For(0);
        var period = 40 * Ms;
        var latchedAt = -1;
        for (var i = 0; i < OutputDelay.IgnoredFrames + OutputDelay.MeasuredFrames + 10; i++)
        {
            // The ignored first frames are slow (first runs); the steady ones take 60–90 ms; after the latch, 2 s.
            var took = i < OutputDelay.IgnoredFrames ? 1500 : i >= OutputDelay.IgnoredFrames + OutputDelay.MeasuredFrames ? 2000 : 60 + (i % 4 * 10);
            if (delay.Observe(1000 * Ms, (1000 + took) * Ms, period))
            {
                latchedAt = i;
            }
        }

        Assert.Equal(OutputDelay.IgnoredFrames + OutputDelay.MeasuredFrames - 1, latchedAt);
        Assert.True(delay.IsLatched);
        Assert.Equal(TimeSpan.FromMilliseconds(90 + 40), delay.Value);
    }

    [Fact]
    public void A_model_that_keeps_faulting_gets_a_delay_from_what_it_delivered_within_the_measuring_limit()
    {
        var delay = OutputDelay.For(0);
        var limitMs = (long)OutputDelay.MeasuringLimit.TotalMilliseconds;

        Assert.False(delay.Observe(0, 120 * Ms, 40 * Ms));
        Assert.False(delay.Observe(1000 * Ms, 1150 * Ms, 40 * Ms));
        Assert.True(delay.Observe(limitMs * Ms, (limitMs + 130) * Ms, 40 * Ms));

        Assert.Equal(TimeSpan.FromMilliseconds(150 + 40), delay.Value);
    }

    [Fact]
    public void A_measured_delay_is_capped_and_says_so()
    {
        var delay = OutputDelay.For(0);
        for (var i = 0; i < OutputDelay.IgnoredFrames + OutputDelay.MeasuredFrames; i++)
        {
            delay.Observe(0, 5000 * Ms, 40 * Ms);
        }

        Assert.True(delay.IsCapped);
        Assert.Equal(OutputDelay.Maximum, delay.Value);
    }

    [Fact]
    public void A_slot_takes_the_picture_made_from_its_input_or_an_older_one_never_a_later_one()
    {
        using var processed = new ProcessedFrames(8);
        processed.Add(Frame(100 * Ms));
        processed.Add(Frame(133 * Ms));
        processed.Add(Frame(166 * Ms));

        Assert.False(processed.TryTakeFor(90 * Ms, out _, out _, out _));
        Assert.True(processed.TryTakeFor(150 * Ms, out var older, out _, out var olderSequence));
        Assert.Equal(133 * Ms, older!.Provenance.CaptureTimestamp);
        Assert.Equal(2, olderSequence);
        Assert.True(processed.TryTakeFor(166 * Ms, out var own, out _, out _));
        Assert.Equal(166 * Ms, own!.Provenance.CaptureTimestamp);
        Assert.False(processed.TryTakeFor(500 * Ms, out _, out _, out _));
        older.Dispose();
        own.Dispose();
    }

    [Fact]
    public void A_skipped_input_is_shown_by_the_picture_before_it_with_its_own_capture()
    {
        using var processed = new ProcessedFrames(8);
        processed.Add(Frame(100 * Ms));
        processed.AddSkip(133 * Ms);
        processed.AddSkip(166 * Ms);

        // A slot that reaches the marker first gets the picture before it, stamped with the skipped input's capture.
        Assert.True(processed.TryTakeFor(133 * Ms, out var frame, out var capture, out var sequence));
        Assert.Equal((100 * Ms, 133 * Ms, 1L), (frame!.Provenance.CaptureTimestamp, capture, sequence));
        frame.Dispose();

        // Once the picture is on air, the next marker carries only the capture.
        Assert.True(processed.TryTakeFor(166 * Ms, out var none, out capture, out _));
        Assert.Null(none);
        Assert.Equal(166 * Ms, capture);
        Assert.False(processed.TryTakeFor(200 * Ms, out _, out _, out _));
    }

    [Fact]
    public void Processed_frames_beyond_the_capacity_drop_the_oldest()
    {
        using var processed = new ProcessedFrames(2);
        processed.Add(Frame(1 * Ms));
        processed.Add(Frame(2 * Ms));
        processed.Add(Frame(3 * Ms));

        Assert.False(processed.TryTakeFor(1 * Ms, out _, out _, out _));
        Assert.True(processed.TryTakeFor(2 * Ms, out var frame, out _, out _));
        frame!.Dispose();
    }

    [Fact]
    public void Input_slots_leave_in_order_and_a_full_queue_gives_back_the_oldest()
    {
        using var pending = new PendingSlots(2);
        Assert.Null(pending.Enqueue(Frame(1 * Ms)));
        Assert.Null(pending.Enqueue(Frame(2 * Ms)));
        using var evicted = pending.Enqueue(Frame(3 * Ms));

        Assert.Equal(1 * Ms, evicted!.Provenance.CaptureTimestamp);
        Assert.Equal(2 * Ms, pending.OldestCapture());
        Assert.True(pending.TryDequeue(out var next));
        Assert.Equal(2 * Ms, next.Provenance.CaptureTimestamp);
        next.Dispose();
        Assert.Equal(1, pending.Count);
    }
}
