using System.Diagnostics;
using StreamDiffusion.Video.Frames;
using StreamDiffusion.Video.Signals;

namespace StreamDiffusion.Broadcast.Channels.Inputs;

/// <summary>
/// The built-in moving test pattern as a channel input, clocked by its own precise cadence: a channel runs end to end
/// on a machine without any NDI source.
/// </summary>
/// <remarks><paramref name="format"/> is UYVY unless a test needs another writable format (UYVA: an opaque alpha source).</remarks>
public sealed class TestPatternInput(int width, int height, FrameRate rate, VideoFramePool pool, PixelFormat format = PixelFormat.Uyvy) : IChannelInput
{
    private readonly CancellationTokenSource _stop = new();
    private Thread? _thread;

    /// <inheritdoc />
    public string Description => $"test pattern {width}×{height} at {rate.RateN}/{rate.RateD}";

    /// <inheritdoc />
    public void Start(Action<VideoFrame, FrameRate> deliver)
    {
        ArgumentNullException.ThrowIfNull(deliver);
        _thread = new Thread(() => Run(deliver)) { IsBackground = true, Name = "test pattern", Priority = ThreadPriority.AboveNormal };
        _thread.Start();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _stop.Cancel();
        _thread?.Join(TimeSpan.FromSeconds(5));
        _stop.Dispose();
    }

    private void Run(Action<VideoFrame, FrameRate> deliver)
    {
        using var generator = new TestPatternGenerator(new FrameSpec(format, width, height), rate.RateN, rate.RateD);
        var cadence = new FrameCadence(rate.RateN, rate.RateD, Stopwatch.GetTimestamp());
        for (long index = 0; !_stop.IsCancellationRequested; index++)
        {
            PreciseSleep.Until(cadence.SlotTime(index));
            var frame = pool.Rent(format, width, height);
            generator.Render(index, frame);
            frame.Provenance = new FrameProvenance(index, Stopwatch.GetTimestamp(), SmpteTimecode.ToNdiTimecode(index, rate.RateN, rate.RateD), FieldFormat.Progressive);
            deliver(frame, rate);
        }
    }
}
