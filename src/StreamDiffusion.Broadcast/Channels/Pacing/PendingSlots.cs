using StreamDiffusion.Video.Frames;

namespace StreamDiffusion.Broadcast.Channels.Pacing;

/// <summary>
/// The input frames waiting for their send slot (capture time + the output delay), oldest first. Each entry is the
/// pacer's own copy of the input: it is what the slot shows when no processed frame is due (bypass, warm-up) and its
/// timecode is the slot's. Written by the input thread, read by the pacer; bounded so a stuck pacer cannot hoard
/// frames (the oldest is given back to the caller to count and dispose).
/// </summary>
internal sealed class PendingSlots(int capacity) : IDisposable
{
    private readonly Queue<VideoFrame> _frames = new(capacity + 1);
    private readonly Lock _lock = new();

    /// <summary>Frames waiting now.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _frames.Count;
            }
        }
    }

    /// <summary>Queues <paramref name="frame"/> (ownership passes); returns the oldest frame evicted when full, else null.</summary>
    public VideoFrame? Enqueue(VideoFrame frame)
    {
        lock (_lock)
        {
            _frames.Enqueue(frame);
            return _frames.Count > capacity ? _frames.Dequeue() : null;
        }
    }

    /// <summary>The capture time (Stopwatch ticks) of the oldest waiting frame, or null when none waits.</summary>
    public long? OldestCapture()
    {
        lock (_lock)
        {
            return _frames.TryPeek(out var frame) ? frame.Provenance.CaptureTimestamp : null;
        }
    }

    /// <summary>Takes the oldest waiting frame (ownership passes to the caller).</summary>
    public bool TryDequeue(out VideoFrame frame)
    {
        lock (_lock)
        {
            return _frames.TryDequeue(out frame!);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_lock)
        {
            while (_frames.TryDequeue(out var frame))
            {
                frame.Dispose();
            }
        }
    }
}
