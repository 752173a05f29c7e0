namespace StreamDiffusion.Broadcast.Channels;

/// <summary>What the output shows in one send slot.</summary>
public enum OutputSource
{
    /// <summary>A processed frame not sent before.</summary>
    Processed,

    /// <summary>The last processed frame again (the model is slower than the output, or the filter skipped).</summary>
    RepeatProcessed,

    /// <summary>A mix of the last processed frame and the unprocessed input; see <see cref="OutputDecision.ProcessedWeight"/>.</summary>
    Crossfade,

    /// <summary>The unprocessed input, same geometry (bypass).</summary>
    Input,

    /// <summary>The last frame sent, held: the input is lost, or the operator froze the output.</summary>
    HoldLast,

    /// <summary>Black.</summary>
    Black,

    /// <summary>A slate that says what is wrong.</summary>
    Slate,
}

/// <summary>The channel's state as operators see it.</summary>
public enum ChannelState
{
    /// <summary>Starting up; no input yet.</summary>
    Starting,

    /// <summary>Input present; the model is warming up (its output is not shown yet).</summary>
    Warming,

    /// <summary>Processed frames on air.</summary>
    Live,

    /// <summary>Processed frames are late and the last one is repeated, or the operator holds the output.</summary>
    Holding,

    /// <summary>The unprocessed input is on air (stall, or the operator asked for bypass).</summary>
    Bypass,

    /// <summary>No input; the input-loss policy is on air.</summary>
    InputLost,

    /// <summary>No usable model; the unprocessed input is on air.</summary>
    ModelMissing,

    /// <summary>The channel failed and is being restarted; its output shows the input-loss policy.</summary>
    Faulted,
}

/// <summary>The pacer's choice for one slot.</summary>
/// <param name="Source">What to send.</param>
/// <param name="State">The channel state this choice reflects.</param>
/// <param name="ProcessedWeight">For <see cref="OutputSource.Crossfade"/>: the processed frame's share in (0, 1).</param>
public readonly record struct OutputDecision(OutputSource Source, ChannelState State, float ProcessedWeight);

/// <summary>Timing thresholds of the fallback state machine (all configurable per channel).</summary>
/// <param name="HoldAfter">No new processed frame for this long: the state shows Holding (repeats are normal before it).</param>
/// <param name="BypassAfter">No new processed frame for this long: crossfade to the unprocessed input.</param>
/// <param name="Crossfade">Duration of the crossfade into and out of bypass.</param>
/// <param name="InputLostAfter">No input frame for this long: the input-loss policy takes over.</param>
/// <param name="OnInputLoss">What to show when the input is lost.</param>
public sealed record FallbackTimings(TimeSpan HoldAfter, TimeSpan BypassAfter, TimeSpan Crossfade, TimeSpan InputLostAfter, Configuration.InputLossPolicy OnInputLoss);

/// <summary>
/// The output's fallback state machine (research/ops.md §4.2): per send slot it decides between a new processed
/// frame, a repeat, a crossfade into or out of bypass, the input, and the input-loss policy. Pure and single-threaded:
/// the pacer calls <see cref="Decide"/> once per slot with what the other stages last reported. Filter skips count as
/// fresh processed output (a heartbeat), never as a stall. An operator hold overrides all of it while it lasts.
/// </summary>
public sealed class OutputFallback(FallbackTimings timings)
{
    private TimeSpan? _bypassSince;
    private TimeSpan? _recoverySince;
    private long _lastSentProcessedId = -1;
    private bool _hasSentAnything;
    private bool _hasShownAnything;

    /// <summary>Operator bypass: the input goes on air (crossfaded) until switched off.</summary>
    public bool ForcedBypass { get; set; }

    /// <summary>
    /// Operator hold: once anything was shown, every slot holds the last frame sent (<see cref="LastShown"/> tells
    /// which picture that was) until switched off, whatever the input and the model do. It wins over bypass and input
    /// loss; on release the state machine carries on from where the other stages are.
    /// </summary>
    public bool ForcedHold { get; set; }

    /// <summary>The last decision that put a picture on air other than a held one: what a hold freezes.</summary>
    public OutputDecision LastShown { get; private set; }

    /// <summary>Decides what slot time <paramref name="now"/> shows.</summary>
    /// <param name="now">The slot time (monotonic).</param>
    /// <param name="lastInputAt">When the newest input frame arrived, or null if none has.</param>
    /// <param name="lastProcessedAt">When the processor last delivered a frame or a skip heartbeat, or null.</param>
    /// <param name="processedId">Id of the newest processed frame (-1 for none), to tell new frames from repeats.</param>
    /// <param name="modelAvailable">False when the channel has no usable model.</param>
    public OutputDecision Decide(TimeSpan now, TimeSpan? lastInputAt, TimeSpan? lastProcessedAt, long processedId, bool modelAvailable)
    {
        if (ForcedHold && _hasShownAnything)
        {
            return new OutputDecision(OutputSource.HoldLast, ChannelState.Holding, 0);
        }

        var decision = DecideUnheld(now, lastInputAt, lastProcessedAt, processedId, modelAvailable);
        if (decision.Source != OutputSource.HoldLast)
        {
            LastShown = decision;
            _hasShownAnything = true;
        }

        return decision;
    }

    private OutputDecision DecideUnheld(TimeSpan now, TimeSpan? lastInputAt, TimeSpan? lastProcessedAt, long processedId, bool modelAvailable)
    {
        if (lastInputAt is null || now - lastInputAt.Value > timings.InputLostAfter)
        {
            return InputLoss();
        }

        if (!modelAvailable)
        {
            return Sent(new OutputDecision(OutputSource.Input, ChannelState.ModelMissing, 0));
        }

        if (processedId < 0 || lastProcessedAt is null)
        {
            // Warming: nothing processed yet; the input keeps the output alive (warm-up frames never reach air).
            return Sent(new OutputDecision(OutputSource.Input, ChannelState.Warming, 0));
        }

        var stalled = ForcedBypass || now - lastProcessedAt.Value > timings.BypassAfter;
        if (stalled)
        {
            _recoverySince = null;
            _bypassSince ??= now;
            var weight = 1f - Fraction(now - _bypassSince.Value);
            return Sent(weight > 0
                ? new OutputDecision(OutputSource.Crossfade, ChannelState.Bypass, weight)
                : new OutputDecision(OutputSource.Input, ChannelState.Bypass, 0));
        }

        if (_bypassSince is not null)
        {
            // Processed frames are back: crossfade from the input to them.
            _bypassSince = null;
            _recoverySince = now;
        }

        if (_recoverySince is { } since)
        {
            var weight = Fraction(now - since);
            if (weight < 1f)
            {
                _lastSentProcessedId = processedId;
                return Sent(new OutputDecision(OutputSource.Crossfade, ChannelState.Live, weight));
            }

            _recoverySince = null;
        }

        var state = now - lastProcessedAt.Value > timings.HoldAfter ? ChannelState.Holding : ChannelState.Live;
        var source = processedId != _lastSentProcessedId ? OutputSource.Processed : OutputSource.RepeatProcessed;
        _lastSentProcessedId = processedId;
        return Sent(new OutputDecision(source, state, 1));
    }

    private OutputDecision InputLoss()
    {
        _bypassSince = null;
        _recoverySince = null;
        var source = timings.OnInputLoss switch
        {
            Configuration.InputLossPolicy.Hold when _hasSentAnything => OutputSource.HoldLast,
            Configuration.InputLossPolicy.Black => OutputSource.Black,
            _ => OutputSource.Slate,
        };
        return new OutputDecision(source, ChannelState.InputLost, 0);
    }

    private OutputDecision Sent(OutputDecision decision)
    {
        _hasSentAnything = true;
        return decision;
    }

    private float Fraction(TimeSpan elapsed) =>
        timings.Crossfade <= TimeSpan.Zero ? 1f : (float)Math.Clamp(elapsed / timings.Crossfade, 0, 1);
}
