using System.Diagnostics;
using StreamDiffusion.Ndi;
using StreamDiffusion.Video.Frames;

namespace StreamDiffusion.Broadcast.Channels.Inputs;

/// <summary>
/// An NDI source as a channel input: the receiver's push-mode capture thread copies each frame into a pooled
/// <see cref="VideoFrame"/> (the runtime's memory is freed right after the callback) and hands it on.
/// </summary>
public sealed class NdiChannelInput(NdiRuntime runtime, string source, VideoFramePool pool) : IChannelInput, INdiVideoSink
{
    private NdiReceiver? _receiver;
    private Action<VideoFrame, FrameRate>? _deliver;
    private long _unsupported;

    /// <inheritdoc />
    public string Description => $"NDI source {source}";

    /// <summary>Frames in a pixel format the frame path does not take (counted, not delivered).</summary>
    public long UnsupportedFrames => Interlocked.Read(ref _unsupported);

    /// <summary>The receiver's counters, once started.</summary>
    public NdiReceiverStatistics? Statistics => _receiver?.GetStatistics();

    /// <inheritdoc />
    public void Start(Action<VideoFrame, FrameRate> deliver)
    {
        _deliver = deliver;
        _receiver = new NdiReceiver(runtime, new NdiReceiverOptions { Source = NdiSourceSelector.Parse(source), ColorFormat = NdiColorFormat.UyvyBgra }, this);
    }

    /// <inheritdoc />
    public void OnVideoFrame(in NdiVideoFrame frame)
    {
        var format = (PixelFormat)(uint)frame.FourCC;
        if (!Enum.IsDefined(format) || format is PixelFormat.P216 or PixelFormat.Pa16)
        {
            Interlocked.Increment(ref _unsupported);
            return;
        }

        var copy = pool.Rent(format, frame.Width, frame.Height, frame.Stride);
        var bytes = Math.Min(copy.Data.Length, frame.Data.Length);
        frame.Data[..bytes].CopyTo(copy.Data);
        var field = frame.FrameFormat switch
        {
            NdiFrameFormat.Interleaved => FieldFormat.Interleaved,
            NdiFrameFormat.Field0 => FieldFormat.Field0,
            NdiFrameFormat.Field1 => FieldFormat.Field1,
            _ => FieldFormat.Progressive,
        };
        copy.Provenance = new FrameProvenance(frame.Sequence, Stopwatch.GetTimestamp(), frame.Timecode, field);
        _deliver?.Invoke(copy, new FrameRate(frame.RateN, frame.RateD));
    }

    /// <inheritdoc />
    public void Dispose() => _receiver?.Dispose();
}
