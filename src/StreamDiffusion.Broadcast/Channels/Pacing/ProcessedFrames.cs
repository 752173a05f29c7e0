using StreamDiffusion.Video.Frames;

namespace StreamDiffusion.Broadcast.Channels.Pacing;

/// <summary>
/// Processed frames waiting for the send slot of the input they were made from. The inference thread adds each new
/// picture with the moment it became available; the pacer takes, per slot, the newest picture made from that slot's
/// input or an older one (never one from the future, so the output delay stays fixed). Pictures older than the one
/// taken can never be shown again and are disposed. Bounded: the oldest is dropped when the pacer falls behind.
/// </summary>
internal sealed class ProcessedFrames(int capacity) : IDisposable
{
    // Two capture stamps closer than this are the same input frame: the pipeline carries capture time as a TimeSpan,
    // which rounds Stopwatch ticks, and input frames are always several milliseconds apart.
    private static readonly long SameFrameTolerance = System.Diagnostics.Stopwatch.Frequency / 2000;

    private readonly List<(VideoFrame Frame, long Sequence)> _frames = new(capacity + 1);
    private readonly Lock _lock = new();
    private long _sequence;

    /// <summary>Adds a new processed picture (ownership passes) and returns its sequence number.</summary>
    public long Add(VideoFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        lock (_lock)
        {
            _frames.Add((frame, ++_sequence));
            if (_frames.Count > capacity)
            {
                _frames[0].Frame.Dispose();
                _frames.RemoveAt(0);
            }

            return _sequence;
        }
    }

    /// <summary>
    /// Takes the newest picture whose input was captured at or before <paramref name="captureTicks"/> (ownership
    /// passes), disposing the older ones; newer pictures stay for later slots. False when none qualifies.
    /// </summary>
    public bool TryTakeFor(long captureTicks, out VideoFrame frame, out long sequence)
    {
        lock (_lock)
        {
            var index = -1;
            for (var i = 0; i < _frames.Count; i++)
            {
                if (_frames[i].Frame.Provenance.CaptureTimestamp <= captureTicks + SameFrameTolerance)
                {
                    index = i;
                }
            }

            if (index < 0)
            {
                frame = null!;
                sequence = 0;
                return false;
            }

            (frame, sequence) = _frames[index];
            for (var i = 0; i < index; i++)
            {
                _frames[i].Frame.Dispose();
            }

            _frames.RemoveRange(0, index + 1);
            return true;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var (frame, _) in _frames)
            {
                frame.Dispose();
            }

            _frames.Clear();
        }
    }
}
