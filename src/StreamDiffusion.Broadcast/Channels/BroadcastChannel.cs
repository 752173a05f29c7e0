using StreamDiffusion.Broadcast.Channels.Inputs;
using StreamDiffusion.Broadcast.Channels.Pacing;
using StreamDiffusion.Broadcast.Channels.Outputs;
using StreamDiffusion.Broadcast.Configuration;
using StreamDiffusion.Broadcast.Presets;
using StreamDiffusion.Core.Pipeline;
using StreamDiffusion.Video.Conversion;
using StreamDiffusion.Video.Frames;

namespace StreamDiffusion.Broadcast.Channels;

/// <summary>What a channel needs besides its settings: its models (or why there are none), input, output and parameters.</summary>
/// <param name="Pipeline">The StreamDiffusion pipeline over loaded models, or null when the channel has no usable model.</param>
/// <param name="ModelMissingReason">Why there is no pipeline (shown as the channel's reason), empty when there is one.</param>
/// <param name="Input">The picture source.</param>
/// <param name="Output">The picture sink.</param>
public sealed record ChannelParts(StreamPipeline? Pipeline, string ModelMissingReason, IChannelInput Input, IChannelOutput Output);

/// <summary>
/// One channel: input → (latest wins) → inference → output pacer, each on its own thread (DESIGN.md). The pacer also
/// keeps a copy of every input frame in the output format, and sends each in its slot at capture + the output delay:
/// processed when the picture made from it is there, else the last good one or (after a stall) the copy itself.
/// The inference stage is skipped when there is no usable model; the output then carries the unprocessed input and
/// the status says why.
/// </summary>
public sealed partial class BroadcastChannel(
    ChannelSettings settings, Func<ChannelParts> build, TimeProvider time, ILogger logger, PresetStore? presets = null) : IChannelRunner
{
    private Preset? _appliedPreset;
    private volatile bool _bypass;

    private volatile OutputPacer? _pacer;
    private OutputFormatLatch? _format;
    private volatile ModelStage? _model;

    /// <inheritdoc />
    public string Name => settings.Name;

    /// <inheritdoc />
    public ChannelStatusBoard Status { get; } = new(settings.Name, time);

    /// <summary>The frame counters (kept across restarts).</summary>
    public ChannelCounters Counters { get; } = new();

    /// <summary>Stills of the input as it arrives (thumbnails); costs nothing while nobody asks.</summary>
    public FrameTap InputTap { get; } = new();

    /// <summary>Stills of the output as it is sent (thumbnails); costs nothing while nobody asks.</summary>
    public FrameTap OutputTap { get; } = new();

    /// <summary>The running pipeline, for parameter updates (null without a model or before start).</summary>
    public StreamPipeline? Pipeline => _model?.Pipeline;

    /// <summary>Operator bypass: crossfades to the unprocessed input until switched off.</summary>
    public bool Bypass
    {
        get => _bypass;
        set
        {
            _bypass = value;
            if (_pacer is { } pacer)
            {
                pacer.ForcedBypass = value;
            }
        }
    }

    /// <summary>The preset in force (its id), empty when the channel runs without one.</summary>
    public string PresetId => _appliedPreset?.Id ?? "";

    /// <summary>The prompt in force.</summary>
    public string Prompt => _inForce?.Prompt ?? _appliedPreset?.Prompt ?? "";

    /// <summary>The channel's settings.</summary>
    public ChannelSettings Settings => settings;

    /// <summary>The output delay D in force (zero until measured), or null while the channel is not running.</summary>
    public TimeSpan? OutputDelay => _pacer?.Delay is { } delay ? delay.Value : null;

    /// <summary>The output format, once known: configured, or latched from the first input frame.</summary>
    public (Video.Frames.FrameSpec Spec, FrameRate Rate)? OutputFormat =>
        _format is { Spec: { } spec, Rate: { } rate } ? (spec, rate) : null;

    /// <summary>What the output publishes as (the NDI name the runtime gave it).</summary>
    public string OutputDescription { get; private set; } = "";

    /// <inheritdoc />
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        Status.Set(ChannelState.Starting, "starting");
        var parts = build();
        LogStarting(logger, Name, parts.Input.Description, parts.Output.Description, parts.Pipeline is null ? parts.ModelMissingReason : "pipeline ready");
        var pool = new VideoFramePool();
        var inbox = new LatestWinsMailbox<VideoFrame>();
        using var modelSignal = new AutoResetEvent(false);
        OutputDescription = parts.Output.Description;
        var video = new VideoPathSettings(Fit: settings.Fit, Interlace: settings.Interlace);
        var format = _format ??= OutputFormatLatch.For(settings.OutputFormat); // latched once, kept across restarts
        using var conformer = new OutputConformer(video, pool);
        var timings = new FallbackTimings(
            HoldAfter: TimeSpan.FromMilliseconds(settings.BypassAfterMs / 2),
            BypassAfter: TimeSpan.FromMilliseconds(settings.BypassAfterMs),
            Crossfade: TimeSpan.FromMilliseconds(300),
            InputLostAfter: TimeSpan.FromSeconds(2),
            OnInputLoss: settings.OnInputLoss);

        Func<bool> idle = settings.IdleWithoutConnections ? () => parts.Output.Connections == 0 : () => false;
        var delay = Pacing.OutputDelay.For(settings.OutputDelayMs);
        if (parts.Pipeline is null)
        {
            delay.LatchWithoutModel();
        }

        ModelStage? model = null;
        var pacer = new OutputPacer(
            new PacerContext(Name, timings, delay, format, () => model?.LastHeartbeat ?? 0, () => model?.LastFault, parts.Pipeline is not null, parts.ModelMissingReason, idle),
            parts.Output, pool, Counters, Status);
        model = parts.Pipeline is null ? null : new ModelStage(parts.Pipeline, video, pool, Counters, inbox, pacer.OfferProcessed, pacer.OfferSkip, format, modelSignal, Name, idle);
        _model = model;
        pacer.ForcedBypass = _bypass; // an operator's bypass outlives a restart of the channel
        pacer.OutputTap = OutputTap;
        pacer.ForcedHold = _hold;
        _pacer = pacer;
        ResumeControl(model?.Pipeline);
        if (presets is not null)
        {
            presets.Changed += OnPresetsChanged;
        }

        try
        {
            model?.Start();
            pacer.Start();
            parts.Input.Start((frame, rate) =>
            {
                Counters.FrameIn();
                InputTap.Offer(frame);
                var (spec, _) = format.LatchFrom(new Video.Frames.FrameSpec(frame.Format, frame.Width, frame.Height, frame.Provenance.FieldFormat), rate, video);
                pacer.OfferInput(conformer.CopyAs(frame, spec), rate);
                if (model is not null)
                {
                    if (inbox.Post(frame) is { } replaced)
                    {
                        Counters.Dropped();
                        replaced.Dispose();
                    }

                    modelSignal.Set();
                }
                else
                {
                    frame.Dispose();
                }
            });

            await Task.Delay(Timeout.Infinite, stoppingToken).ConfigureAwait(false);
        }
        finally
        {
            if (presets is not null)
            {
                presets.Changed -= OnPresetsChanged;
            }

            parts.Input.Dispose();
            model?.Dispose();
            pacer.Dispose();
            parts.Output.Dispose();
            _model = null;
            _pacer = null;
        }
    }

    // A saved edit of the preset on air reaches the picture live (blended, no reset), one of the cued preset is cued
    // again; other presets wait to be taken.
    private void OnPresetsChanged(PresetCatalog catalog)
    {
        RecueIfReloaded(catalog);
        var id = _appliedPreset?.Id ?? settings.Preset;
        if (!catalog.Presets.TryGetValue(id, out var preset) || ReferenceEquals(preset, _appliedPreset))
        {
            return;
        }

        try
        {
            ReloadOnAir(preset);
            LogPresetReloaded(logger, Name, id);
        }
        catch (ArgumentException e)
        {
            LogPresetRefused(logger, Name, id, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Channel {Channel}: preset {Preset} reloaded on air")]
    private static partial void LogPresetReloaded(ILogger logger, string channel, string preset);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Channel {Channel}: preset {Preset} was not applied ({Reason}); the look on air stays")]
    private static partial void LogPresetRefused(ILogger logger, string channel, string preset, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Channel {Channel}: input {Input}, output {Output}, model: {Model}")]
    private static partial void LogStarting(ILogger logger, string channel, string input, string output, string model);
}
