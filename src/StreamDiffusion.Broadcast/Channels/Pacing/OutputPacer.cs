using System.Diagnostics;
using StreamDiffusion.Broadcast.Channels.Inputs;
using StreamDiffusion.Broadcast.Channels.Outputs;
using StreamDiffusion.Video.Frames;
using StreamDiffusion.Video.Signals;

namespace StreamDiffusion.Broadcast.Channels.Pacing;

/// <summary>What the pacer needs to know about the rest of its channel.</summary>
/// <param name="Channel">Channel name, for the thread.</param>
/// <param name="Timings">The fallback thresholds.</param>
/// <param name="Delay">The output delay D.</param>
/// <param name="Format">The output format (configured or latched from the first input frame).</param>
/// <param name="LastHeartbeat">When the model last delivered a picture or a skip (Stopwatch ticks, 0 before the first).</param>
/// <param name="ModelFault">The model's last fault, for the reason.</param>
/// <param name="ModelAvailable">False when the channel runs without a model.</param>
/// <param name="ModelMissingReason">Why there is no model.</param>
/// <param name="Idle">True while the model rests because nobody receives the output.</param>
internal sealed record PacerContext(
    string Channel, FallbackTimings Timings, OutputDelay Delay, OutputFormatLatch Format, Func<long> LastHeartbeat, Func<string?> ModelFault,
    bool ModelAvailable, string ModelMissingReason, Func<bool> Idle);

/// <summary>
/// The output stage of a channel, on its own thread. Every input frame gets one send slot at its capture time + the
/// output delay D (<see cref="OutputDelay"/>), so latency is constant whatever the model does; the slot shows the
/// processed picture made from that input, or the newest older one when it is late (a repeat), and the
/// <see cref="OutputFallback"/> decides when to crossfade to the input's own copy (bypass) or apply the input-loss
/// policy. When input stops a precise timer (<see cref="PreciseSleep"/>, not <c>Task.Delay</c>) keeps the cadence at
/// the last known rate. Output timecodes are the slot's input timecodes, so they advance with the input's.
/// </summary>
internal sealed class OutputPacer : IDisposable
{
    // Input frames waiting for their slot: D's worth, plus two seconds, at up to 120 frames per second. More means the
    // pacer is stuck; the oldest are then dropped (counted as missed slots).
    private static int PendingCapacity(OutputDelay delay) =>
        (int)Math.Ceiling(((delay.IsMeasured ? OutputDelay.Maximum : delay.Value).TotalSeconds + 2) * 120);
    private const int ProcessedCapacity = 32;

    private readonly PacerContext _context;
    private readonly OutputFallback _fallback;
    private readonly IChannelOutput _output;
    private readonly VideoFramePool _pool;
    private readonly ChannelCounters _counters;
    private readonly ChannelStatusBoard _status;
    private readonly PendingSlots _pending;
    private readonly ProcessedFrames _processed = new(ProcessedCapacity);
    private readonly AutoResetEvent _inputArrived = new(false);
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private VideoFrame? _slotInput;
    private VideoFrame? _onAirProcessed;
    private long _onAirProcessedSequence = -1;
    private long _onAirCapture;
    private VideoFrame? _composed;
    private VideoFrame? _held;
    private VideoFrame? _slate;
    private VideoFrame? _black;
    private long _lastSlotDue;
    private long _lastSendAt;
    private long _lastSentAt;
    private bool _lastWasTimer;
    private Rates _rates;
    private FrameSpec? _lossFramesSpec;
    private long _timecode;

    public OutputPacer(PacerContext context, IChannelOutput output, VideoFramePool pool, ChannelCounters counters, ChannelStatusBoard status)
    {
        _context = context;
        _pending = new PendingSlots(PendingCapacity(context.Delay));
        _fallback = new OutputFallback(context.Timings);
        _output = output;
        _pool = pool;
        _counters = counters;
        _status = status;
        _rates = new Rates(context.Format.Rate ?? FrameRate.Default, default);
        _thread = new Thread(Run) { IsBackground = true, Name = $"{context.Channel} pacer", Priority = ThreadPriority.AboveNormal };
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

    /// <summary>Stills of what is sent (thumbnails); set before <see cref="Start"/>.</summary>
    public FrameTap? OutputTap { get; set; }

    /// <summary>The output delay D in force.</summary>
    public OutputDelay Delay => _context.Delay;

    public void Start() => _thread.Start();

    /// <summary>
    /// Input thread: an input frame (already in the output format; ownership passes) waits for its slot. A frame that
    /// waited too long is dropped from the queue and counted as a missed slot.
    /// </summary>
    public void OfferInput(VideoFrame frame, FrameRate rate)
    {
        if (Volatile.Read(ref _rates).Input != rate)
        {
            Volatile.Write(ref _rates, new Rates(_context.Format.Rate ?? rate, rate)); // one reference swap: never torn
        }
        if (_pending.Enqueue(frame) is { } evicted)
        {
            evicted.Dispose();
            _counters.MissedSlots(1);
        }

        _inputArrived.Set();
    }

    /// <summary>Inference thread: the similarity filter skipped the input captured at <paramref name="captureTicks"/>.</summary>
    public void OfferSkip(long captureTicks) => _processed.AddSkip(captureTicks);

    /// <summary>Inference thread: a new processed picture (in the output format; ownership passes).</summary>
    public void OfferProcessed(VideoFrame frame)
    {
        var now = Stopwatch.GetTimestamp();
        _processed.Add(frame);
        _context.Delay.Observe(frame.Provenance.CaptureTimestamp, now, Volatile.Read(ref _rates).PeriodTicks);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _inputArrived.Set();
        _thread.Join(TimeSpan.FromSeconds(10));
        _pending.Dispose();
        _processed.Dispose();
        _slotInput?.Dispose();
        _onAirProcessed?.Dispose();
        _composed?.Dispose();
        _held?.Dispose();
        _slate?.Dispose();
        _black?.Dispose();
        _inputArrived.Dispose();
        _stop.Dispose();
    }

    private void Run()
    {
        while (!_stop.IsCancellationRequested)
        {
            var rates = Volatile.Read(ref _rates);
            var period = rates.PeriodTicks;
            if (_context.Format.Spec is not { } spec)
            {
                // The output format is taken from the first input frame: nothing goes out before it.
                _inputArrived.WaitOne(TimeSpan.FromMilliseconds(100));
                continue;
            }

            PrepareLossFrames(spec); // made as soon as the format is known, never in the slot after a loss
            if (rates.Converting)
            {
                ConvertingRateSlot(period);
                continue;
            }

            var slot = _pending.OldestCapture() is { } capture ? capture + _context.Delay.Ticks : (long?)null;
            var lastSend = _lastSendAt;
            if (slot is { } due && (lastSend == 0 || due - lastSend <= period * 2))
            {
                // The next input's slot is near: wait for it, then send it.
                SleepUntil(due);
                if (_stop.IsCancellationRequested)
                {
                    return;
                }

                _pending.TryDequeue(out var input);
                Send(due, input, period);
                continue;
            }

            // Without an input slot in reach the next timer slot is one period after a timer slot, or two after an
            // input slot (one late or missing input frame is not filled, so frames out stay equal to frames in). A
            // configured format starts on the input-loss picture at once.
            var fillAt = lastSend == 0 ? Stopwatch.GetTimestamp() : lastSend + (_lastWasTimer || slot is not null ? period : 2 * period);
            if (slot is null && lastSend != 0)
            {
                // A wake-up left from a frame already sent only costs one more turn of this loop.
                if (_inputArrived.WaitOne(TimeSpan.FromSeconds((double)Math.Max(0, fillAt - Stopwatch.GetTimestamp()) / Stopwatch.Frequency)))
                {
                    continue; // an input frame arrived: its slot is computed on the next turn
                }
            }

            // A timer slot (input stopped, or D just grew) keeps the output at the output rate. The first one after an
            // input slot fills for a missing input frame: waking late for it delays the fill, it misses nothing.
            var next = _lastWasTimer ? LateTimerSlot(fillAt, period) : Math.Max(fillAt, Stopwatch.GetTimestamp());
            SleepUntil(next);
            Send(next, null, period);
        }
    }

    // A timer slot the pacer reaches more than a period late was missed; the clock restarts from now.
    private long LateTimerSlot(long next, long period)
    {
        var now = Stopwatch.GetTimestamp();
        if (next < now - period)
        {
            _counters.MissedSlots((now - next) / period);
            return now;
        }

        return next;
    }

    // The input runs at another rate than the output's fixed one: the output runs on its own clock and each slot
    // shows the newest input due by then (older ones are dropped; none due repeats), the delay still applied.
    private void ConvertingRateSlot(long period)
    {
        var next = LateTimerSlot(_lastSendAt == 0 ? Stopwatch.GetTimestamp() : _lastSendAt + period, period);
        SleepUntil(next);
        VideoFrame? input = null;
        while (_pending.OldestCapture() is { } capture && capture + _context.Delay.Ticks <= next && _pending.TryDequeue(out var due))
        {
            input?.Dispose(); // a frame the output's slower clock has no slot for (not a model drop: not counted as one)
            input = due;
        }

        Send(next, input, period);
    }

    private void SleepUntil(long deadline)
    {
        // In steps, so that stopping the channel never waits for a long output delay.
        var step = Stopwatch.Frequency / 10;
        while (!_stop.IsCancellationRequested && Stopwatch.GetTimestamp() < deadline)
        {
            PreciseSleep.Until(Math.Min(deadline, Stopwatch.GetTimestamp() + step));
        }
    }

    // Sends the slot at slotAt: for an input slot, input (owned from here on) is the slot's own input frame; null for a
    // timer slot, which shows what the last input slot left.
    private void Send(long slotAt, VideoFrame? input, long period)
    {
        if (input is not null)
        {
            _slotInput?.Dispose();
            _slotInput = input;
            _lastSlotDue = slotAt;
        }

        try
        {
            // A slot sent late is still sent (its lateness shows in the send-interval jitter); only slots that get no
            // frame at all count as missed.
            SendOne(slotAt, input, period);
            var sentAt = Stopwatch.GetTimestamp();
            if (_lastSentAt != 0)
            {
                // Jitter against the output period: input-driven slots follow the input's arrival, so this shows input
                // jitter plus the pacer's own lateness.
                _counters.SendInterval(Stopwatch.GetElapsedTime(_lastSentAt, sentAt), Stopwatch.GetElapsedTime(0, period));
            }

            _lastSentAt = sentAt;
            _lastSendAt = slotAt;
            _lastWasTimer = input is null;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The pacer must outlive any fault of a frame: report it, count the slot, keep the cadence.
            _counters.MissedSlots(1);
            _lastSendAt = slotAt;
            _lastWasTimer = input is null;
            _status.Set(ChannelState.Faulted, $"the output failed to send a frame: {e.GetType().Name}: {e.Message}");
        }
    }

    private void SendOne(long slotAt, VideoFrame? input, long period)
    {
        var delay = _context.Delay.Ticks;

        // The slot's picture: made from this input or an older one, never from a later input (a timer slot shows
        // what was captured at least D ago).
        var before = input?.Provenance.CaptureTimestamp ?? slotAt - delay;
        if (_processed.TryTakeFor(before, out var processed, out var capture, out var sequence))
        {
            if (processed is not null && processed.Provenance.CaptureTimestamp < (_onAirProcessed?.Provenance.CaptureTimestamp ?? 0))
            {
                processed.Dispose(); // arrived after a newer picture went on air: showing it would step back in time
            }
            else if (processed is not null)
            {
                _onAirProcessed?.Dispose();
                _onAirProcessed = processed;
                _onAirProcessedSequence = sequence;
            }

            // A skipped input is shown by the picture before it: its latency counts from that input's capture.
            _onAirCapture = Math.Max(_onAirCapture, capture);
        }

        if (!_context.Delay.IsLatched && _onAirProcessed is not null)
        {
            // While D is measured nothing processed goes on air (still warming): when D is latched the output holds
            // once for D, before the first processed frame rather than in the middle of the show.
            _onAirProcessed.Dispose();
            _onAirProcessed = null;
        }

        var heartbeat = _context.LastHeartbeat();
        var decision = _fallback.Decide(
            Stopwatch.GetElapsedTime(0, slotAt),
            _lastSlotDue == 0 ? null : Stopwatch.GetElapsedTime(0, _lastSlotDue),
            heartbeat == 0 || _onAirProcessed is null ? null : Stopwatch.GetElapsedTime(0, heartbeat + delay),
            _onAirProcessed is null ? -1 : _onAirProcessedSequence,
            _context.ModelAvailable);

        // Timecodes: the slot's input's; a timer slot while the input is present repeats the last one (it repeats
        // that picture), and while the input is lost they run on at the output rate.
        _timecode = input is not null ? input.Provenance.Timecode
            : decision.State == ChannelState.InputLost ? _timecode + (10_000_000L * _rates.Output.RateD / _rates.Output.RateN)
            : _timecode;
        var frame = Compose(decision, input);
        if (frame is not null)
        {
            _output.Send(frame, _rates.Output, _timecode);
            OutputTap?.Offer(frame);
            _counters.FrameOut(repeated: decision.Source == OutputSource.RepeatProcessed, onTimer: input is null);
            var shows = ReferenceEquals(frame, _onAirProcessed) ? _onAirCapture : frame.Provenance.CaptureTimestamp;
            if (shows > 0)
            {
                _counters.Latency(Stopwatch.GetElapsedTime(shows));
            }
        }

        _status.Set(decision.State, Reason(decision.State));
    }

    private VideoFrame? Compose(OutputDecision decision, VideoFrame? input)
    {
        input ??= _slotInput;
        if (decision.Source != OutputSource.HoldLast && _held is not null)
        {
            _held.Dispose();
            _held = null;
        }

        switch (decision.Source)
        {
            case OutputSource.Processed:
            case OutputSource.RepeatProcessed:
                return Matching(_onAirProcessed, input) ?? input;
            case OutputSource.Input:
                return input;
            case OutputSource.Crossfade when Matching(_onAirProcessed, input) is { } processed && input is not null:
                var mixed = Scratch(input);
                Crossfade(input.Data, processed.Data, decision.ProcessedWeight, mixed.Data);
                mixed.Provenance = input.Provenance;
                return mixed;
            case OutputSource.Crossfade:
                return input;
            case OutputSource.HoldLast:
                return Held(input);
            case OutputSource.Black:
                return _black;
            default:
                return _slate;
        }
    }

    // Frames are conformed to the output format before they reach the pacer; this guards the moment a format is
    // first latched, when a picture made before it may still be waiting.
    private static VideoFrame? Matching(VideoFrame? processed, VideoFrame? input) =>
        processed is not null && (input is null || (processed.Width == input.Width && processed.Height == input.Height && processed.Format == input.Format))
            ? processed
            : null;

    // The held picture is frozen once: a copy of the last picture shown before the hold, composed again from the newest
    // buffers (so at most the one processed frame that arrived this slot is newer), which later frames cannot move and
    // whose buffer the pool cannot reuse.
    private VideoFrame? Held(VideoFrame? input)
    {
        if (_held is null && Compose(_fallback.LastShown, input) is { } source)
        {
            _held = _pool.Rent(source.Format, source.Width, source.Height, source.StrideBytes);
            source.Data.CopyTo(_held.Data);
            _held.Provenance = NoInput(_context.Format.Spec ?? new FrameSpec(source.Format, source.Width, source.Height, source.Provenance.FieldFormat));
        }

        return _held ?? _slate;
    }

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

    // The input-loss pictures are made once per output format, as soon as it is known (configured: at start; latched:
    // with the first input frame), so that losing the input costs the pacer nothing when it happens.
    private void PrepareLossFrames(FrameSpec spec)
    {
        if (_lossFramesSpec == spec && _black is not null)
        {
            return;
        }

        // In the output's own pixel format (UYVA when the output carries alpha: opaque), so a loss never changes it.
        var picture = new FrameSpec(spec.Format, spec.Width, spec.Height);
        var black = _pool.Rent(spec.Format, spec.Width, spec.Height);
        FillBlack(black.Data[..(black.StrideBytes * spec.Height)]);
        if (spec.Format == PixelFormat.Uyva)
        {
            black.AlphaPlane.Fill(255);
        }

        black.Provenance = NoInput(spec); // shows no input: no latency to report
        var slate = _pool.Rent(spec.Format, spec.Width, spec.Height);
        using (var generator = new SlateGenerator(picture))
        {
            generator.Render("INPUT LOST", SkiaSharp.SKColors.DarkSlateGray, SkiaSharp.SKColors.White, slate);
        }

        slate.Provenance = NoInput(spec);
        (var oldBlack, var oldSlate) = (_black, _slate);
        (_black, _slate, _lossFramesSpec) = (black, slate, spec);
        oldBlack?.Dispose();
        oldSlate?.Dispose();
    }

    // A picture that shows no input frame: no capture time (so no latency is reported), the output's field format.
    private static FrameProvenance NoInput(FrameSpec output) => default(FrameProvenance) with { FieldFormat = output.FieldFormat };

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
        ChannelState.Live or ChannelState.Warming when _context.Idle() => "idle: no receiver is connected, so the model rests; it resumes when one connects",
        ChannelState.Live => "processing",
        ChannelState.Holding when ForcedHold => "hold (operator)",
        ChannelState.Holding => "processed frames are late; repeating the last one",
        ChannelState.Bypass when ForcedBypass => "bypass (operator)",
        ChannelState.Bypass => $"no processed frame in time; the unprocessed input is on air{(_context.ModelFault() is { } fault ? $" ({fault})" : "")}",
        ChannelState.Warming => "warming up the model; the unprocessed input is on air",
        ChannelState.ModelMissing => _context.ModelMissingReason,
        ChannelState.InputLost => "no input; the input-loss policy is on air",
        _ => state.ToString(),
    };

    // The output rate (fixed once latched) and the input's latest, swapped together by the input thread.
    private sealed record Rates(FrameRate Output, FrameRate Input)
    {
        public long PeriodTicks { get; } = Stopwatch.Frequency * Output.RateD / Output.RateN;

        // The input runs at another rate than the output: the output then runs on its own clock.
        public bool Converting { get; } = Input.RateN != 0 && (long)Input.RateN * Output.RateD != (long)Output.RateN * Input.RateD;
    }
}
