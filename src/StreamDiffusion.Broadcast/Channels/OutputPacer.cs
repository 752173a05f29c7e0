using System.Diagnostics;
using StreamDiffusion.Broadcast.Channels.Inputs;
using StreamDiffusion.Broadcast.Channels.Outputs;
using StreamDiffusion.Video.Frames;
using StreamDiffusion.Video.Signals;

namespace StreamDiffusion.Broadcast.Channels;

/// <summary>
/// The output stage of a channel, on its own thread: one frame per input frame while input arrives, and on a precise
/// timer at the last known rate when it does not, so the output never stops. Per slot the
/// <see cref="OutputFallback"/> decides what goes out: a new processed frame, a repeat, a crossfade into or out of
/// bypass, the unprocessed input, or the input-loss policy (hold, black, slate).
/// </summary>
internal sealed class OutputPacer : IDisposable
{
    private readonly OutputFallback _fallback;
    private readonly IChannelOutput _output;
    private readonly VideoFramePool _pool;
    private readonly ChannelCounters _counters;
    private readonly ChannelStatusBoard _status;
    private readonly LatestWinsMailbox<VideoFrame> _processed;
    private readonly LatestWinsMailbox<VideoFrame> _bypass;
    private readonly SemaphoreSlim _inputArrived;
    private readonly Func<long> _lastHeartbeat;
    private readonly Func<string?> _modelFault;
    private readonly bool _modelAvailable;
    private readonly Func<bool> _idle;
    private readonly string _modelMissingReason;
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private VideoFrame? _lastProcessed;
    private VideoFrame? _lastInput;
    private VideoFrame? _composed;
    private VideoFrame? _slate;
    private VideoFrame? _black;
    private VideoFrame? _held;
    private long _lastInputAt;
    private FrameRate _rate = FrameRate.Default;
    private (int Width, int Height) _size = (1280, 720);
    private long _processedId = -1;
    private long _timecode;
    private bool _inputDriven;

    public OutputPacer(
        FallbackTimings timings, IChannelOutput output, VideoFramePool pool, ChannelCounters counters, ChannelStatusBoard status,
        LatestWinsMailbox<VideoFrame> processed, LatestWinsMailbox<VideoFrame> bypass, SemaphoreSlim inputArrived,
        Func<long> lastHeartbeat, Func<string?> modelFault, bool modelAvailable, string modelMissingReason, string channel, Func<bool> idle)
    {
        _idle = idle;
        _fallback = new OutputFallback(timings);
        _output = output;
        _pool = pool;
        _counters = counters;
        _status = status;
        _processed = processed;
        _bypass = bypass;
        _inputArrived = inputArrived;
        _lastHeartbeat = lastHeartbeat;
        _modelFault = modelFault;
        _modelAvailable = modelAvailable;
        _modelMissingReason = modelMissingReason;
        _thread = new Thread(Run) { IsBackground = true, Name = $"{channel} pacer", Priority = ThreadPriority.AboveNormal };
    }

    /// <summary>Operator bypass (crossfaded).</summary>
    public bool ForcedBypass
    {
        get => _fallback.ForcedBypass;
        set => _fallback.ForcedBypass = value;
    }

    /// <summary>Operator hold: the last frame sent stays on air, one frame per slot, until released.</summary>
    public bool ForcedHold
    {
        get => _fallback.ForcedHold;
        set => _fallback.ForcedHold = value;
    }

    public void Start() => _thread.Start();

    public void Dispose()
    {
        _stop.Cancel();
        _inputArrived.Release();
        _thread.Join(TimeSpan.FromSeconds(10));
        _lastProcessed?.Dispose();
        _lastInput?.Dispose();
        _composed?.Dispose();
        _slate?.Dispose();
        _black?.Dispose();
        _held?.Dispose();
        _stop.Dispose();
    }

    private void Run()
    {
        PrepareLossFrames();
        long nextTimerSlot = 0;
        while (!_stop.IsCancellationRequested)
        {
            // While input arrives it drives the output (one frame out per frame in); without it a precise timer at the
            // last known rate keeps the output going.
            var period = Stopwatch.Frequency * _rate.RateD / _rate.RateN;
            var waitTicks = Math.Max(0, (_lastInputAt == 0 ? Stopwatch.GetTimestamp() : _lastInputAt) + (period * 3 / 2) - Stopwatch.GetTimestamp());
            // A counting hand-over: every input frame gets its own output slot even when this thread wakes late.
            if (_inputArrived.Wait(TimeSpan.FromSeconds((double)waitTicks / Stopwatch.Frequency)))
            {
                if (_stop.IsCancellationRequested)
                {
                    return;
                }

                TakeInput();
                _inputDriven = true;
                nextTimerSlot = 0;
            }
            else
            {
                var now = Stopwatch.GetTimestamp();
                nextTimerSlot = nextTimerSlot == 0 ? now : nextTimerSlot + period;
                if (nextTimerSlot < now - period)
                {
                    _counters.MissedSlots((now - nextTimerSlot) / period);
                    nextTimerSlot = now;
                }

                PreciseSleep.Until(nextTimerSlot);
                _inputDriven = false;
            }

            try
            {
                SendOne();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The pacer must outlive any fault of a frame: report it, count the slot, keep the cadence.
                _counters.MissedSlots(1);
                _status.Set(ChannelState.Faulted, $"the output failed to send a frame: {e.GetType().Name}: {e.Message}");
            }
        }
    }

    private void TakeInput()
    {
        if (_bypass.TryTake(out var input) && input is not null)
        {
            _lastInput?.Dispose();
            _lastInput = input;
            _lastInputAt = Stopwatch.GetTimestamp();
            if (_size != (input.Width, input.Height))
            {
                _size = (input.Width, input.Height);
                PrepareLossFrames();
            }
        }
    }

    /// <summary>Called by the channel when an input frame's rate is known.</summary>
    public void SetRate(FrameRate rate) => _rate = rate;

    private void SendOne()
    {
        if (_processed.TryTake(out var processed) && processed is not null)
        {
            _lastProcessed?.Dispose();
            _lastProcessed = processed;
            _processedId++;
        }

        var now = Stopwatch.GetTimestamp();
        var heartbeat = _lastHeartbeat();
        var decision = _fallback.Decide(
            Stopwatch.GetElapsedTime(0, now),
            _lastInputAt == 0 ? null : Stopwatch.GetElapsedTime(0, _lastInputAt),
            heartbeat == 0 || _lastProcessed is null ? null : Stopwatch.GetElapsedTime(0, heartbeat),
            _lastProcessed is null ? -1 : _processedId,
            _modelAvailable);

        // Each slot carries the timecode of the input frame that triggered it, so output timecodes advance exactly with
        // the input's whatever is on air; timer slots (no input) continue the count at the output rate.
        _timecode = _inputDriven && _lastInput is not null
            ? _lastInput.Provenance.Timecode
            : _timecode + (10_000_000L * _rate.RateD / _rate.RateN);
        var frame = Compose(decision);
        if (frame is not null)
        {
            _output.Send(frame, _rate, _timecode);
            _counters.FrameOut(repeated: decision.Source == OutputSource.RepeatProcessed);
            if (frame.Provenance.CaptureTimestamp > 0)
            {
                _counters.Latency(Stopwatch.GetElapsedTime(frame.Provenance.CaptureTimestamp));
            }
        }

        _status.Set(decision.State, Reason(decision.State));
    }

    private VideoFrame? Compose(OutputDecision decision)
    {
        if (decision.Source != OutputSource.HoldLast && _held is not null)
        {
            _held.Dispose();
            _held = null;
        }

        switch (decision.Source)
        {
            case OutputSource.Processed:
            case OutputSource.RepeatProcessed:
                return SameGeometry(_lastProcessed) ?? _lastInput;
            case OutputSource.Input:
                return _lastInput;
            case OutputSource.Crossfade when SameGeometry(_lastProcessed) is { } processed && _lastInput is { } input:
                var mixed = Scratch(input);
                Crossfade(input.Data, processed.Data, decision.ProcessedWeight, mixed.Data);
                mixed.Provenance = input.Provenance;
                return mixed;
            case OutputSource.Crossfade:
                return _lastInput;
            case OutputSource.HoldLast:
                // Frozen once: a copy of the last picture shown before the hold (from the newest buffers, so at most the
                // one processed frame that arrived this slot is newer), which later frames cannot move, and whose buffer
                // the pool cannot reuse. It shows no new input, so it reports no latency.
                if (_held is null && Compose(_fallback.LastShown) is { } shown)
                {
                    _held = _pool.Rent(shown.Format, shown.Width, shown.Height, shown.StrideBytes);
                    shown.Data.CopyTo(_held.Data);
                    _held.Provenance = default;
                }

                return _held;
            case OutputSource.Black:
                return _black;
            default:
                return _slate;
        }
    }

    // A processed frame made before an input format change is not shown over the new geometry.
    private VideoFrame? SameGeometry(VideoFrame? processed) =>
        processed is not null && (_lastInput is null || (processed.Width == _lastInput.Width && processed.Height == _lastInput.Height && processed.Format == _lastInput.Format))
            ? processed
            : null;

    private VideoFrame Scratch(VideoFrame like)
    {
        if (_composed is null || _composed.Format != like.Format || _composed.Width != like.Width || _composed.Height != like.Height)
        {
            _composed?.Dispose();
            _composed = _pool.Rent(like.Format, like.Width, like.Height, like.StrideBytes);
        }

        return _composed;
    }

    // Y'CbCr and 8-bit RGB both mix linearly per byte; the weight is the processed picture's share.
    private static void Crossfade(ReadOnlySpan<byte> input, ReadOnlySpan<byte> processed, float weight, Span<byte> output)
    {
        var w = (int)Math.Round(Math.Clamp(weight, 0f, 1f) * 256);
        var length = Math.Min(Math.Min(input.Length, processed.Length), output.Length);
        for (var i = 0; i < length; i++)
        {
            output[i] = (byte)(((input[i] * (256 - w)) + (processed[i] * w) + 128) >> 8);
        }
    }

    // The input-loss pictures are made once per output size, when the size becomes known, so that losing the input
    // costs the pacer nothing: rendering the slate at that moment made the first slot after a loss late.
    private void PrepareLossFrames()
    {
        _slate?.Dispose();
        _black?.Dispose();
        _black = _pool.Rent(PixelFormat.Uyvy, _size.Width, _size.Height);
        FillBlack(_black.Data);
        _black.Provenance = default; // shows no input: no latency to report
        _slate = _pool.Rent(PixelFormat.Uyvy, _size.Width, _size.Height);
        using var generator = new SlateGenerator(new FrameSpec(PixelFormat.Uyvy, _size.Width, _size.Height));
        generator.Render("INPUT LOST", SkiaSharp.SKColors.DarkSlateGray, SkiaSharp.SKColors.White, _slate);
        _slate.Provenance = default;
    }

    private static void FillBlack(Span<byte> uyvy)
    {
        for (var i = 0; i + 1 < uyvy.Length; i += 2)
        {
            uyvy[i] = 128; // Cb or Cr
            uyvy[i + 1] = 16; // Y, limited-range black
        }
    }

    private string Reason(ChannelState state) => state switch
    {
        ChannelState.Live or ChannelState.Warming when _idle() => "idle: no receiver is connected, so the model rests; it resumes when one connects",
        ChannelState.Live => "processing",
        ChannelState.Holding when ForcedHold => "hold (operator)",
        ChannelState.Holding => "processed frames are late; repeating the last one",
        ChannelState.Bypass when ForcedBypass => "bypass (operator)",
        ChannelState.Bypass => $"no processed frame in time; the unprocessed input is on air{(_modelFault() is { } fault ? $" ({fault})" : "")}",
        ChannelState.Warming => "warming up the model; the unprocessed input is on air",
        ChannelState.ModelMissing => _modelMissingReason,
        ChannelState.InputLost => "no input; the input-loss policy is on air",
        _ => state.ToString(),
    };
}
