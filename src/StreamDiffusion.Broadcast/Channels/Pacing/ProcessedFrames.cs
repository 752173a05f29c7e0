using StreamDiffusion.Video.Frames;

namespace StreamDiffusion.Broadcast.Channels.Pacing;

/// <summary>
/// Processed frames waiting for the send slot of the input they were made from. The inference thread adds each new
/// picture with the moment it became available; the pacer takes, per slot, the newest picture made from that slot's
/// input or an older one (never one from the future, so the output delay stays fixed). Pictures older than the one
/// taken can never be shown again and are disposed. A frame the similarity filter skipped leaves a marker instead of a
/// picture: its slot shows the picture before it, which the filter judged to be this input's picture too. Bounded: the
/// oldest is dropped when the pacer falls behind.
/// </summary>
internal sealed class ProcessedFrames(int capacity) : IDisposable
{
    // Two capture stamps closer than this are the same input frame: the pipeline carries capture time as a TimeSpan,
    // which rounds Stopwatch ticks, and input frames are always several milliseconds apart.
    private static readonly long SameFrameTolerance = System.Diagnostics.Stopwatch.Frequency / 2000;

    private readonly List<(VideoFrame? Frame, long Capture, long Sequence)> _frames = new(capacity + 1);
    private readonly Lock _lock = new();
    private long _sequence;

    /// <summary>Adds a new processed picture (ownership passes) and returns its sequence number.</summary>
    public long Add(VideoFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        lock (_lock)
        {
            _frames.Add((frame, frame.Provenance.CaptureTimestamp, ++_sequence));
            TrimToCapacity();
            return _sequence;
        }
    }

    /// <summary>Marks the input captured at <paramref name="captureTicks"/> as skipped by the similarity filter.</summary>
    public void AddSkip(long captureTicks)
    {
        lock (_lock)
        {
            _frames.Add((null, captureTicks, _sequence));
            TrimToCapacity();
        }
    }

    private void TrimToCapacity()
    {
        if (_frames.Count > capacity)
        {
            _frames[0].Frame?.Dispose();
            _frames.RemoveAt(0);
        }
    }

    /// <summary>
    /// Takes, of the entries whose input was captured at or before <paramref name="captureTicks"/>, the one with the
    /// latest capture, and removes (disposing) the others; later entries stay for later slots. False when none
    /// qualifies. <paramref name="frame"/> is the picture (ownership passes), or for a skip marker the newest picture
    /// captured before it (the filter judged it to be this input's picture too), or null when that one is already on
    /// air; <paramref name="capture"/> is the capture time the slot stands for. Entries are compared by capture, not
    /// by arrival: with Stream Batch a picture arrives a frame after its input, so a later input's skip marker can be
    /// there before it.
    /// </summary>
    public bool TryTakeFor(long captureTicks, out VideoFrame? frame, out long capture, out long sequence)
    {
        lock (_lock)
        {
            var chosen = -1;
            var picture = -1;
            for (var i = 0; i < _frames.Count; i++)
            {
                var entry = _frames[i];
                if (entry.Capture > captureTicks + SameFrameTolerance)
                {
                    continue;
                }

                if (chosen < 0 || entry.Capture > _frames[chosen].Capture || (entry.Capture == _frames[chosen].Capture && entry.Frame is not null))
                {
                    chosen = i;
                }

                if (entry.Frame is not null && (picture < 0 || entry.Capture > _frames[picture].Capture))
                {
                    picture = i;
                }
            }

            if (chosen < 0)
            {
                frame = null;
                capture = sequence = 0;
                return false;
            }

            capture = _frames[chosen].Capture;
            (frame, sequence) = picture >= 0 ? (_frames[picture].Frame, _frames[picture].Sequence) : (null, _frames[chosen].Sequence);
            var limit = captureTicks + SameFrameTolerance;
            var kept = picture;
            for (var i = _frames.Count - 1; i >= 0; i--)
            {
                if (_frames[i].Capture <= limit)
                {
                    if (i != kept)
                    {
                        _frames[i].Frame?.Dispose();
                    }

                    _frames.RemoveAt(i);
                }
            }

            return true;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var (frame, _, _) in _frames)
            {
                frame?.Dispose();
            }

            _frames.Clear();
        }
    }
}
