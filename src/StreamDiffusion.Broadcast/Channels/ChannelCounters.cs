namespace StreamDiffusion.Broadcast.Channels;

/// <summary>
/// Per-channel frame counters, written by the frame-path threads with one interlocked add each and read by status,
/// metrics and tests. The epoch increments only on a real pipeline reset, so observers can tell a reset from a stall.
/// </summary>
public sealed class ChannelCounters
{
    private long _framesIn;
    private long _processed;
    private long _skipped;
    private long _framesOut;
    private long _repeated;
    private long _timerFrames;
    private long _dropped;
    private long _nanDropped;
    private long _missedSlots;
    private long _epoch;
    private long _latencyMicroseconds;
    private long _lastJitterMicroseconds;
    private long _maxJitterMicroseconds;

    /// <summary>Counts one input frame received.</summary>
    public void FrameIn() => Interlocked.Increment(ref _framesIn);

    /// <summary>Counts one frame the model processed.</summary>
    public void Processed() => Interlocked.Increment(ref _processed);

    /// <summary>Counts one frame the similarity filter skipped.</summary>
    public void Skipped() => Interlocked.Increment(ref _skipped);

    /// <summary>
    /// Counts one frame sent, whether it repeated the previous processed frame, and whether the pacer's clock sent it
    /// for want of an input frame (input lost or late, or the output delay growing once at start-up).
    /// </summary>
    public void FrameOut(bool repeated, bool onTimer = false)
    {
        Interlocked.Increment(ref _framesOut);
        if (repeated)
        {
            Interlocked.Increment(ref _repeated);
        }

        if (onTimer)
        {
            Interlocked.Increment(ref _timerFrames);
        }
    }

    /// <summary>Counts input frames replaced in a mailbox before the next stage took them.</summary>
    public void Dropped(long count = 1) => Interlocked.Add(ref _dropped, count);

    /// <summary>Counts one frame dropped because it held NaN or Inf.</summary>
    public void NanDropped() => Interlocked.Increment(ref _nanDropped);

    /// <summary>Counts send slots the pacer could not serve in time.</summary>
    public void MissedSlots(long count) => Interlocked.Add(ref _missedSlots, count);

    /// <summary>Input→output latency of every frame sent, for <c>/metrics</c>.</summary>
    public TimeHistogram LatencyHistogram { get; } = TimeHistogram.ForLatency();

    /// <summary>Send-interval jitter (|actual − expected| between consecutive sends), for <c>/metrics</c>.</summary>
    public TimeHistogram SendJitterHistogram { get; } = TimeHistogram.ForJitter();

    /// <summary>Records the input→output latency of the frame just sent (capture of the input it shows → send).</summary>
    public void Latency(TimeSpan latency)
    {
        Volatile.Write(ref _latencyMicroseconds, (long)latency.TotalMicroseconds);
        LatencyHistogram.Observe(latency);
    }

    /// <summary>Records the time since the previous send against the slot period the pacer aimed for.</summary>
    public void SendInterval(TimeSpan actual, TimeSpan expected)
    {
        var jitter = (actual - expected).Duration();
        SendJitterHistogram.Observe(jitter);
        var microseconds = (long)jitter.TotalMicroseconds;
        Volatile.Write(ref _lastJitterMicroseconds, microseconds);
        var max = Volatile.Read(ref _maxJitterMicroseconds);
        while (microseconds > max)
        {
            var seen = Interlocked.CompareExchange(ref _maxJitterMicroseconds, microseconds, max);
            if (seen == max)
            {
                break;
            }

            max = seen;
        }
    }

    /// <summary>Starts a new stream epoch (a real reset of the pipeline state).</summary>
    public void NewEpoch() => Interlocked.Increment(ref _epoch);

    /// <summary>A consistent-enough copy for reporting (each field is read atomically).</summary>
    public ChannelCountersSnapshot Snapshot() => new(
        Volatile.Read(ref _framesIn),
        Volatile.Read(ref _processed),
        Volatile.Read(ref _skipped),
        Volatile.Read(ref _framesOut),
        Volatile.Read(ref _repeated),
        Volatile.Read(ref _timerFrames),
        Volatile.Read(ref _dropped),
        Volatile.Read(ref _nanDropped),
        Volatile.Read(ref _missedSlots),
        Volatile.Read(ref _epoch),
        Volatile.Read(ref _latencyMicroseconds) / 1000.0,
        Volatile.Read(ref _lastJitterMicroseconds) / 1000.0,
        Volatile.Read(ref _maxJitterMicroseconds) / 1000.0);
}

/// <summary>The counters at one moment.</summary>
/// <param name="FramesIn">Input frames received.</param>
/// <param name="Processed">Frames the model processed.</param>
/// <param name="Skipped">Frames the similarity filter skipped.</param>
/// <param name="FramesOut">Frames sent.</param>
/// <param name="Repeated">Sent frames that repeated the previous processed frame.</param>
/// <param name="TimerFrames">Frames the pacer's clock sent for want of an input frame (input lost or late, the delay growing).</param>
/// <param name="Dropped">Input frames never processed because a newer one replaced them.</param>
/// <param name="NanDropped">Frames dropped for NaN or Inf.</param>
/// <param name="MissedSlots">Send slots the pacer missed.</param>
/// <param name="Epoch">Stream epoch; changes only on a real reset.</param>
/// <param name="LatencyMs">Input→output latency of the last frame sent: from the capture of the input it shows to its send.</param>
/// <param name="SendJitterMs">|actual − expected| interval between the last two sends.</param>
/// <param name="MaxSendJitterMs">The largest send jitter since the channel was created.</param>
public sealed record ChannelCountersSnapshot(
    long FramesIn, long Processed, long Skipped, long FramesOut, long Repeated, long TimerFrames, long Dropped, long NanDropped, long MissedSlots, long Epoch,
    double LatencyMs, double SendJitterMs, double MaxSendJitterMs);
