using StreamDiffusion.Broadcast.Channels;
using StreamDiffusion.Video.Frames;

namespace StreamDiffusion.Broadcast.Tests.Channels;

public sealed class FrameTapTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly VideoFramePool _pool = new();

    private VideoFrame Frame(byte fill, PixelFormat format = PixelFormat.Uyvy, int width = 64, int height = 32)
    {
        var frame = _pool.Rent(format, width, height);
        frame.Data.Fill(fill);
        frame.Provenance = new FrameProvenance(fill, 0, fill * 1000L, FieldFormat.Progressive);
        return frame;
    }

    [Fact]
    public async Task Offers_without_a_pending_request_copy_nothing_and_leave_no_stale_frame()
    {
        var tap = new FrameTap();
        using var frame = Frame(7);

        for (var i = 0; i < 10; i++)
        {
            tap.Offer(frame);
        }

        Assert.Equal(0, tap.Copies);
        Assert.Null(await tap.CaptureAsync(TimeSpan.FromMilliseconds(100), Ct));
        Assert.Equal(0, tap.Copies);
    }

    [Fact]
    public async Task A_pending_request_gets_a_copy_of_the_next_frame_and_later_offers_copy_nothing()
    {
        var tap = new FrameTap();
        using var frame = Frame(42);

        var capture = tap.CaptureAsync(TimeSpan.FromSeconds(10), Ct);
        tap.Offer(frame);
        frame.Data.Fill(0); // the frame path reuses its buffer at once
        tap.Offer(frame);
        using var still = await capture;

        Assert.NotNull(still);
        Assert.NotSame(frame, still.Frame);
        Assert.Equal((PixelFormat.Uyvy, 64, 32, 42L), (still.Frame.Format, still.Frame.Width, still.Frame.Height, still.Frame.Provenance.FrameId));
        Assert.True(still.Frame.Data.IndexOfAnyExcept((byte)42) < 0, "the still must hold the frame as it was offered");
        Assert.Equal(1, tap.Copies);
    }

    [Fact]
    public async Task A_request_without_frames_times_out_with_null_and_disarms()
    {
        var tap = new FrameTap();
        using var frame = Frame(1);

        var still = await tap.CaptureAsync(TimeSpan.FromMilliseconds(50), Ct);
        tap.Offer(frame);

        Assert.Null(still);
        Assert.Equal(0, tap.Copies);
    }

    [Fact]
    public async Task A_cancelled_request_throws_and_disarms()
    {
        var tap = new FrameTap();
        using var frame = Frame(1);
        using var cancel = new CancellationTokenSource();

        var capture = tap.CaptureAsync(TimeSpan.FromSeconds(10), cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => capture);
        tap.Offer(frame);
        Assert.Equal(0, tap.Copies);
    }

    [Fact]
    public async Task Requests_take_turns_so_a_held_still_is_never_overwritten()
    {
        var tap = new FrameTap();
        using var first = Frame(10);
        using var second = Frame(20);

        var capture = tap.CaptureAsync(TimeSpan.FromSeconds(10), Ct);
        tap.Offer(first);
        var held = await capture;
        Assert.NotNull(held);

        var waiting = tap.CaptureAsync(TimeSpan.FromMilliseconds(200), Ct);
        tap.Offer(second); // the second request waits for the first still, so this frame is not taken
        Assert.Null(await waiting);
        Assert.True(held.Frame.Data.IndexOfAnyExcept((byte)10) < 0, "the held still was overwritten");
        held.Dispose();

        var next = tap.CaptureAsync(TimeSpan.FromSeconds(10), Ct);
        tap.Offer(second);
        using var still = await next;
        Assert.NotNull(still);
        Assert.Equal(20L, still.Frame.Provenance.FrameId);
        Assert.Equal(2, tap.Copies);
    }

    [Fact]
    public async Task A_uyvy_still_converts_to_bgrx_and_an_rgb_still_is_handed_out_as_it_is()
    {
        var tap = new FrameTap();
        using var grey = _pool.Rent(PixelFormat.Uyvy, 64, 32);
        for (var i = 0; i < grey.Data.Length; i += 2)
        {
            grey.Data[i] = 128; // Cb, Cr: no colour
            grey.Data[i + 1] = 126; // Y' 126 in 16–235 is full-range 128
        }

        var capture = tap.CaptureAsync(TimeSpan.FromSeconds(10), Ct);
        tap.Offer(grey);
        using (var still = await capture)
        {
            var rgb = still!.ToRgb();
            Assert.Equal((PixelFormat.Bgrx, 64, 32), (rgb.Format, rgb.Width, rgb.Height));
            var row = rgb.Row(16);
            for (var x = 0; x < 64; x++)
            {
                Assert.InRange(row[4 * x], 126, 130);
                Assert.InRange(row[(4 * x) + 1], 126, 130);
                Assert.InRange(row[(4 * x) + 2], 126, 130);
            }
        }

        using var rgba = Frame(99, PixelFormat.Rgba, 16, 16);
        capture = tap.CaptureAsync(TimeSpan.FromSeconds(10), Ct);
        tap.Offer(rgba);
        using var rgbStill = await capture;
        Assert.Same(rgbStill!.Frame, rgbStill.ToRgb());
    }
}
