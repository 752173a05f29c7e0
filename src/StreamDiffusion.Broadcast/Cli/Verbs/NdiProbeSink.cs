using StreamDiffusion.Ndi;

namespace StreamDiffusion.Broadcast.Cli.Verbs;

/// <summary>
/// Collects what <c>ndi probe</c> reports from received frames: the format of the last frame, the count, the
/// spacing of the sender's NDI timestamps (so the numbers describe the source, not this machine's scheduling) and
/// how its timecodes advance.
/// </summary>
internal sealed class NdiProbeSink : INdiVideoSink
{
    private readonly Lock _lock = new();
    private long _firstTimestamp = NdiTimecode.Undefined;
    private long _lastTimestamp = NdiTimecode.Undefined;
    private long _maxInterval;
    private int _formatsSeen;
    private long _firstTimecode = NdiTimecode.Undefined;
    private long _lastTimecode = NdiTimecode.Undefined;

    public long Frames { get; private set; }

    public int Width { get; private set; }

    public int Height { get; private set; }

    public NdiFourCC FourCC { get; private set; }

    public int RateN { get; private set; }

    public int RateD { get; private set; }

    public void OnVideoFrame(in NdiVideoFrame frame)
    {
        lock (_lock)
        {
            Frames++;
            (Width, Height, FourCC, RateN, RateD) = (frame.Width, frame.Height, frame.FourCC, frame.RateN, frame.RateD);
            _formatsSeen |= 1 << (int)frame.FrameFormat;
            var stamp = frame.Timestamp != NdiTimecode.Undefined ? frame.Timestamp : frame.Timecode;
            if (_firstTimestamp == NdiTimecode.Undefined)
            {
                _firstTimestamp = stamp;
            }
            else
            {
                _maxInterval = Math.Max(_maxInterval, stamp - _lastTimestamp);
            }

            _lastTimestamp = stamp;
            if (frame.Timecode != NdiTimecode.Undefined)
            {
                TimecodeBackwards += _lastTimecode != NdiTimecode.Undefined && frame.Timecode < _lastTimecode ? 1 : 0;
                _firstTimecode = _firstTimecode == NdiTimecode.Undefined ? frame.Timecode : _firstTimecode;
                _lastTimecode = frame.Timecode;
            }
        }
    }

    /// <summary>Frames whose timecode was lower than the one before.</summary>
    public long TimecodeBackwards { get; private set; }

    /// <summary>Seconds from the first frame's timecode to the last one's (0 without timecodes).</summary>
    public double TimecodeSeconds
    {
        get
        {
            lock (_lock)
            {
                return _firstTimecode == NdiTimecode.Undefined ? 0 : (_lastTimecode - _firstTimecode) / (double)NdiTimecode.TicksPerSecond;
            }
        }
    }

    /// <summary>Frames per second from the first and last timestamps; 0 with fewer than two frames.</summary>
    public double FramesPerSecond
    {
        get
        {
            lock (_lock)
            {
                return Frames < 2 || _lastTimestamp <= _firstTimestamp
                    ? 0
                    : (Frames - 1) * (double)NdiTimecode.TicksPerSecond / (_lastTimestamp - _firstTimestamp);
            }
        }
    }

    /// <summary>The longest gap between consecutive frames' timestamps, in milliseconds.</summary>
    public double MaxIntervalMilliseconds
    {
        get
        {
            lock (_lock)
            {
                return _maxInterval / (NdiTimecode.TicksPerSecond / 1000.0);
            }
        }
    }

    /// <summary>progressive, interleaved, field0, field1, fields (both single fields) or mixed.</summary>
    public string FrameFormat
    {
        get
        {
            lock (_lock)
            {
                return _formatsSeen switch
                {
                    1 << (int)NdiFrameFormat.Progressive => "progressive",
                    1 << (int)NdiFrameFormat.Interleaved => "interleaved",
                    1 << (int)NdiFrameFormat.Field0 => "field0",
                    1 << (int)NdiFrameFormat.Field1 => "field1",
                    (1 << (int)NdiFrameFormat.Field0) | (1 << (int)NdiFrameFormat.Field1) => "fields",
                    0 => "none",
                    _ => "mixed",
                };
            }
        }
    }
}
