using System.Collections.Concurrent;
using StreamDiffusion.Core.Filtering;
using StreamDiffusion.Core.Models;
using StreamDiffusion.Core.Noise;

namespace StreamDiffusion.Core.Pipeline;

/// <summary>
/// The StreamDiffusion img2img pipeline as one channel's inference stage sees it: frame in (with provenance) → a new
/// picture, a skip heartbeat, "no new frame yet", or a dropped frame; parameter updates from any thread; status.
/// <para>
/// Threads: <see cref="ProcessFrame"/> is called by one inference thread and allocates nothing in steady state.
/// <see cref="Update(StreamParameters)"/> may be called from any thread: it validates, encodes changed prompts and
/// draws new noise there (off the frame path) and posts a complete target that the next frame picks up (latest wins).
/// </para>
/// <para>
/// Blendable changes (prompt, negative prompt, γ, δ, seed, step values with the same count, filter) apply live with no
/// reset, blended over the transition time. Structural changes (step count, guidance mode, models) build a new state
/// that runs beside the current one on the same frames until its buffer holds only new rows, then takes over: the
/// output never pauses and no warm-up picture is ever returned.
/// </para>
/// </summary>
public sealed class StreamPipeline
{
    private readonly Lock _controlLock = new();
    private readonly SimilarityFilter _filter;
    private readonly ConcurrentQueue<DiffusionModels> _retired = new();
    private PreparedTarget _latestTarget;
    private PreparedTarget? _posted;
    private PipelineState _running;
    private PipelineState? _warming;
    private bool _hasOutput;
    private FrameProvenance _outputProvenance;
    private int _filterHold;
    private long _framesIn;
    private long _newFrames;
    private long _skips;
    private long _warmUpFrames;
    private long _droppedFrames;
    private long _structuralDrops;
    private long _handovers;
    private int _lastDropStage;

    /// <summary>
    /// Builds the first pipeline state from <paramref name="models"/> and <paramref name="parameters"/> (encoding the
    /// prompts on this thread). <paramref name="skipRandom"/> drives the similarity filter; by default a fixed-seed
    /// Philox source, so runs are reproducible.
    /// </summary>
    public StreamPipeline(DiffusionModels models, StreamParameters parameters, IUniformRandomSource? skipRandom = null)
    {
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(parameters);
        parameters.Validate();
        parameters = parameters.WithOwnStepIndices();
        ModelCompatibility.Check(models, parameters.Guidance, parameters.Steps);
        _latestTarget = PrepareTarget(parameters, models, previous: null);
        _running = new PipelineState(_latestTarget);
        _filter = new SimilarityFilter(skipRandom ?? new PhiloxUniformSource(0x5D_F11_7E4), parameters.SimilarityFilter);
        _filterHold = _running.Denoiser.Steps;
    }

    /// <summary>
    /// The picture standing after the last call, <c>[3, <see cref="OutputHeight"/>, <see cref="OutputWidth"/>]</c> in
    /// [-1, 1]; owned by the pipeline and valid until the next <see cref="ProcessFrame"/>. Meaningful only once a call
    /// has returned <see cref="FrameOutcome.NewFrame"/>.
    /// </summary>
    public ReadOnlySpan<float> OutputImage => _running.Denoiser.OutputImage;

    /// <summary>Height of <see cref="OutputImage"/> in pixels.</summary>
    public int OutputHeight => _running.Denoiser.OutputHeight;

    /// <summary>Width of <see cref="OutputImage"/> in pixels.</summary>
    public int OutputWidth => _running.Denoiser.OutputWidth;

    /// <summary>The running state, for tests.</summary>
    internal StreamBatchDenoiser Running => _running.Denoiser;

    /// <summary>The parameters the pipeline is moving to (the last accepted update).</summary>
    public StreamParameters Parameters
    {
        get
        {
            lock (_controlLock)
            {
                return _latestTarget.Parameters;
            }
        }
    }

    /// <summary>A snapshot of counters and state.</summary>
    public PipelineStatus Status
    {
        get
        {
            PipelineState running = Volatile.Read(ref _running);
            return new PipelineStatus(
                Interlocked.Read(ref _framesIn),
                Interlocked.Read(ref _newFrames),
                Interlocked.Read(ref _skips),
                Interlocked.Read(ref _warmUpFrames),
                Interlocked.Read(ref _droppedFrames),
                (NonFiniteStage)Volatile.Read(ref _lastDropStage),
                Interlocked.Read(ref _structuralDrops),
                Interlocked.Read(ref _handovers),
                running.Denoiser.Steps,
                running.Denoiser.Mode,
                running.Denoiser.UnetRows,
                running.Transition.IsActive,
                Volatile.Read(ref _warming) is not null);
        }
    }

    /// <summary>Applies new parameters with the current models (see the class summary for which apply live).</summary>
    public void Update(StreamParameters parameters) => Update(parameters, models: null);

    /// <summary>
    /// Applies new parameters and, when <paramref name="models"/> is given and differs, new models (a structural
    /// change). Validates and encodes on the calling thread; throws <see cref="ArgumentException"/> on bad input and
    /// leaves the running pipeline untouched.
    /// </summary>
    public void Update(StreamParameters parameters, DiffusionModels? models)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        parameters.Validate();
        parameters = parameters.WithOwnStepIndices();
        lock (_controlLock)
        {
            DiffusionModels target = models ?? _latestTarget.Models;
            ModelCompatibility.Check(target, parameters.Guidance, parameters.Steps);
            PreparedTarget prepared = PrepareTarget(parameters, target, _latestTarget);
            _latestTarget = prepared;
            Volatile.Write(ref _posted, prepared);
        }
    }

    /// <summary>
    /// Validates <paramref name="parameters"/> and encodes their prompts and noise now, on the calling thread, without
    /// putting them in force (a cue): <see cref="Update(PreparedTarget)"/> later applies the result with no encoding at
    /// that moment. Throws <see cref="ArgumentException"/> on bad input; the running pipeline is untouched either way.
    /// </summary>
    public PreparedTarget Prepare(StreamParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        parameters.Validate();
        parameters = parameters.WithOwnStepIndices();
        PreparedTarget latest;
        lock (_controlLock)
        {
            latest = _latestTarget;
        }

        // Encoded outside the lock: a cue being prepared never holds up an update that puts something in force.
        ModelCompatibility.Check(latest.Models, parameters.Guidance, parameters.Steps);
        return PrepareTarget(parameters, latest.Models, latest);
    }

    /// <summary>
    /// Puts a target made by <see cref="Prepare"/> in force, like <see cref="Update(StreamParameters)"/> but without
    /// encoding (latest wins). Only when the pipeline's models were replaced since it was prepared are its prompts
    /// encoded again for the current models, here on the calling thread; throws <see cref="ArgumentException"/> if
    /// they cannot run it, leaving the running pipeline untouched.
    /// </summary>
    public void Update(PreparedTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        lock (_controlLock)
        {
            PreparedTarget prepared = target;
            if (!ReferenceEquals(target.Models, _latestTarget.Models))
            {
                ModelCompatibility.Check(_latestTarget.Models, target.Parameters.Guidance, target.Parameters.Steps);
                prepared = PrepareTarget(target.Parameters, _latestTarget.Models, _latestTarget);
            }

            _latestTarget = prepared;
            Volatile.Write(ref _posted, prepared);
        }
    }

    /// <summary>
    /// Hands back, once each, models the pipeline no longer uses — replaced by a handover, or given for a structural
    /// change that was superseded before it landed — so the caller can release them. Once handed back, the pipeline
    /// holds no reference to them.
    /// </summary>
    public bool TryTakeRetiredModels([System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out DiffusionModels models) =>
        _retired.TryDequeue(out models);

    /// <summary>
    /// Processes one input frame on the inference thread. The result says whether <see cref="OutputImage"/> holds a new
    /// picture, the previous one stands (skip), there is nothing to show yet (warm-up), or the frame was dropped.
    /// </summary>
    public StreamFrameResult ProcessFrame(IStreamInputFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        FrameProvenance input = frame.Provenance;
        Interlocked.Increment(ref _framesIn);

        // 1. Pick up the latest posted target, if any.
        PreparedTarget? posted = Interlocked.Exchange(ref _posted, null);
        if (posted is not null)
        {
            ApplyTarget(posted);
        }

        // 2. A structural change warms up on the same frame; once its output is valid it takes over.
        if (_warming is not null && WarmStructuralChange(frame, input))
        {
            return new StreamFrameResult(FrameOutcome.NewFrame, input, _outputProvenance, NonFiniteStage.None, HandedOver: true);
        }

        // 3. The running state: filter, blend, denoise.
        return RunFrame(frame, input);
    }

    private StreamFrameResult RunFrame(IStreamInputFrame frame, in FrameProvenance input)
    {
        PipelineState state = _running;
        StreamBatchDenoiser denoiser = state.Denoiser;
        frame.WriteModelImage(denoiser.ImageHeight, denoiser.ImageWidth, denoiser.InputImage);

        // The filter may skip only with a picture to hold and nothing still moving through the buffer.
        bool maySkip = _hasOutput && _filterHold == 0 && _warming is null && !state.Transition.IsActive;
        if (_filter.ShouldSkip(denoiser.InputImage, maySkip))
        {
            Interlocked.Increment(ref _skips);
            return new StreamFrameResult(FrameOutcome.Skipped, input, _outputProvenance, NonFiniteStage.None, HandedOver: false);
        }

        if (state.Transition.Advance(input.CaptureTime))
        {
            _filterHold = denoiser.Steps;
        }

        switch (denoiser.Step(input, decode: true))
        {
            case DenoiserStepOutcome.Output:
                _hasOutput = true;
                _outputProvenance = denoiser.OutputProvenance;
                if (_filterHold > 0)
                {
                    _filterHold--;
                }

                Interlocked.Increment(ref _newFrames);
                return new StreamFrameResult(FrameOutcome.NewFrame, input, _outputProvenance, NonFiniteStage.None, HandedOver: false);

            case DenoiserStepOutcome.WarmingUp:
                Interlocked.Increment(ref _warmUpFrames);
                return new StreamFrameResult(FrameOutcome.NoNewFrameYet, input, _outputProvenance, NonFiniteStage.None, HandedOver: false);

            default:
                NonFiniteStage stage = denoiser.LastNonFiniteStage;
                _filterHold = denoiser.Steps;
                Volatile.Write(ref _lastDropStage, (int)stage);
                Interlocked.Increment(ref _droppedFrames);
                return new StreamFrameResult(FrameOutcome.Dropped, input, _outputProvenance, stage, HandedOver: false);
        }
    }

    private bool WarmStructuralChange(IStreamInputFrame frame, in FrameProvenance input)
    {
        PipelineState warming = _warming!;
        StreamBatchDenoiser denoiser = warming.Denoiser;
        frame.WriteModelImage(denoiser.ImageHeight, denoiser.ImageWidth, denoiser.InputImage);
        warming.Transition.Advance(input.CaptureTime);
        switch (denoiser.Step(input, decode: true))
        {
            case DenoiserStepOutcome.Output:
                if (!ReferenceEquals(_running.Target.Models, warming.Target.Models))
                {
                    _retired.Enqueue(_running.Target.Models);
                }

                Volatile.Write(ref _running, warming);
                Volatile.Write(ref _warming, null);
                _filter.Reset();
                _filterHold = denoiser.Steps;
                _hasOutput = true;
                _outputProvenance = denoiser.OutputProvenance;
                Interlocked.Increment(ref _handovers);
                Interlocked.Increment(ref _newFrames);
                return true;

            case DenoiserStepOutcome.NonFinite:
                Interlocked.Increment(ref _structuralDrops);
                return false;

            default:
                return false;
        }
    }

    private void ApplyTarget(PreparedTarget target)
    {
        _filter.Settings = target.Parameters.SimilarityFilter;
        if (_running.Accepts(target))
        {
            // Back to (or still on) the running structure: any half-warmed state is abandoned.
            AbandonWarming(keep: target.Models);
            if (_running.Retarget(target, snap: false))
            {
                _filterHold = _running.Denoiser.Steps;
            }
        }
        else if (_warming is not null && _warming.Accepts(target))
        {
            _warming.Retarget(target, snap: true);
        }
        else
        {
            // Structural change: the only allocation on this thread outside start-up.
            AbandonWarming(keep: target.Models);
            Volatile.Write(ref _warming, new PipelineState(target));
        }
    }

    private void AbandonWarming(DiffusionModels keep)
    {
        PipelineState? warming = _warming;
        if (warming is not null)
        {
            Volatile.Write(ref _warming, null);
            DiffusionModels models = warming.Target.Models;
            if (!ReferenceEquals(models, keep) && !ReferenceEquals(models, _running.Target.Models))
            {
                _retired.Enqueue(models);
            }
        }
    }

    private static PreparedTarget PrepareTarget(StreamParameters parameters, DiffusionModels models, PreparedTarget? previous)
    {
        bool sameEncoder = previous is not null && ReferenceEquals(previous.Models.TextEncoder, models.TextEncoder);
        float[] conditional = sameEncoder && previous!.Parameters.Prompt == parameters.Prompt
            ? previous.Conditional
            : Encode(models.TextEncoder, parameters.Prompt);
        float[] unconditional = sameEncoder && previous!.Parameters.NegativePrompt == parameters.NegativePrompt
            ? previous.Unconditional
            : Encode(models.TextEncoder, parameters.NegativePrompt);

        int rowLength = models.Unet.Latent.Length;
        bool sameNoise = previous is not null
            && previous.Parameters.Seed == parameters.Seed
            && previous.Parameters.Steps == parameters.Steps
            && previous.Models.Unet.Latent.Length == rowLength;
        float[] noise = sameNoise ? previous!.Noise : NoiseBank.Create(parameters.Seed, parameters.Steps, rowLength);
        return new PreparedTarget(parameters, models, conditional, unconditional, noise);
    }

    private static float[] Encode(ITextEncoder encoder, string prompt)
    {
        var embeddings = new float[encoder.SequenceLength * encoder.EmbeddingWidth];
        encoder.Encode(prompt, embeddings);
        return embeddings;
    }
}
