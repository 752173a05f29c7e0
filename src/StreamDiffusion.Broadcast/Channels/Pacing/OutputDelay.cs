using System.Diagnostics;

namespace StreamDiffusion.Broadcast.Channels.Pacing;

/// <summary>
/// The channel's fixed output delay D: every frame leaves at its input's capture time + D, so the latency stays the
/// same whatever the model does, and audio can follow the same D. Configured, or measured at start-up: the longest
/// capture → processed time over the first <see cref="MeasuredFrames"/> processed frames (after
/// <see cref="IgnoredFrames"/> whose first-run costs are not representative) plus one frame period, then held for the
/// life of the channel; a model that keeps faulting gets D from what it delivered within <see cref="MeasuringLimit"/>. Until D
/// is known the channel counts as warming: the unprocessed input leaves without delay.
/// </summary>
internal sealed class OutputDelay
{
    /// <summary>Processed frames observed before D is latched.</summary>
    public const int MeasuredFrames = 20;

    /// <summary>The first processed frames, not observed (first inference runs are slower than the steady state).</summary>
    public const int IgnoredFrames = 5;

    /// <summary>The longest the measurement may take, from the first processed frame.</summary>
    public static readonly TimeSpan MeasuringLimit = TimeSpan.FromSeconds(3);

    /// <summary>The longest delay the measurement may latch; a slower model is reported, not waited for.</summary>
    public static readonly TimeSpan Maximum = TimeSpan.FromSeconds(3);

    private long _ticks;
    private long _observed;
    private long _longest;
    private long _longestIgnored;
    private long _firstObservedAt;
    private bool _latched;

    private OutputDelay(long ticks, bool latched)
    {
        _ticks = ticks;
        IsLatched = latched;
    }

    /// <summary>D in Stopwatch ticks (0 until latched when measured).</summary>
    public long Ticks => Volatile.Read(ref _ticks);

    /// <summary>D as a duration.</summary>
    public TimeSpan Value => Stopwatch.GetElapsedTime(0, Ticks);

    /// <summary>True once D is fixed (at once when configured).</summary>
    public bool IsLatched
    {
        get => Volatile.Read(ref _latched);
        private set => Volatile.Write(ref _latched, value);
    }

    /// <summary>True when D was measured rather than configured.</summary>
    public bool IsMeasured { get; private init; }

    /// <summary>True when the measurement hit <see cref="Maximum"/>: the model is slower than a delay worth holding.</summary>
    public bool IsCapped { get; private set; }

    /// <summary>A configured delay (<paramref name="milliseconds"/> &gt; 0), or one to measure (0).</summary>
    public static OutputDelay For(int milliseconds) => milliseconds > 0
        ? new OutputDelay(Stopwatch.Frequency * milliseconds / 1000, latched: true)
        : new OutputDelay(0, latched: false) { IsMeasured = true };

    /// <summary>A channel without a model has nothing to wait for: a measured delay latches at zero.</summary>
    public void LatchWithoutModel()
    {
        IsLatched = true;
    }

    /// <summary>
    /// Observes one processed frame: its input was captured at <paramref name="captureTicks"/> and the picture became
    /// available at <paramref name="availableTicks"/>. Returns true when this observation latched D.
    /// </summary>
    public bool Observe(long captureTicks, long availableTicks, long periodTicks)
    {
        if (IsLatched)
        {
            return false;
        }

        var count = ++_observed;
        _firstObservedAt = count == 1 ? availableTicks : _firstObservedAt;
        var took = availableTicks - captureTicks;
        if (count <= IgnoredFrames)
        {
            _longestIgnored = Math.Max(_longestIgnored, took);
        }
        else
        {
            _longest = Math.Max(_longest, took);
        }

        // A model that keeps resetting (faults) may never deliver enough frames: after MeasuringLimit the delay is
        // latched on what was seen, the first runs included if nothing else came.
        var timedOut = availableTicks - _firstObservedAt >= (long)(MeasuringLimit.TotalSeconds * Stopwatch.Frequency);
        if (count < IgnoredFrames + MeasuredFrames && !timedOut)
        {
            return false;
        }

        var longest = count > IgnoredFrames ? _longest : _longestIgnored;

        var maximum = (long)(Maximum.TotalSeconds * Stopwatch.Frequency);
        var ticks = longest + periodTicks;
        IsCapped = ticks > maximum;
        Volatile.Write(ref _ticks, Math.Min(ticks, maximum));
        IsLatched = true;
        return true;
    }
}
