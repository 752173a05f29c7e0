using StreamDiffusion.Broadcast.Presets;
using StreamDiffusion.Core.Guidance;
using StreamDiffusion.Core.Pipeline;

namespace StreamDiffusion.Broadcast.Channels;

/// <summary>
/// The channel's operator controls (the internal control surface the HTTP API calls): the preset in force, live
/// parameters on top of it, cue and take, and hold. The channel works without the API.
/// <para>
/// Control calls on one channel are serialized by one lock, and each does its text encoding inside it on the calling
/// thread (never the inference thread): when two calls arrive together the later one is applied last and wins, field by
/// field for live changes. A refused call changes nothing. What is in force outlives a restart of the channel and is
/// remembered without a model, then applied (at once, no blend) to the pipeline of the next run.
/// </para>
/// </summary>
public sealed partial class BroadcastChannel
{
    private readonly Lock _control = new();
    private ParameterChange _live = ParameterChange.None;
    private StreamParameters? _inForce;
    private CueState? _cue;
    private volatile bool _hold;

    /// <summary>Operator hold: the last frame sent stays on air (frames still go out every slot) until released.</summary>
    public bool Hold
    {
        get => _hold;
        set
        {
            _hold = value;
            if (_pacer is { } pacer)
            {
                pacer.ForcedHold = value;
            }
        }
    }

    /// <summary>The parameters in force: the preset taken plus the live changes since (remembered without a model).</summary>
    /// <remarks>Read without waiting for a control call that is encoding (the records are immutable and swapped whole).</remarks>
    public ChannelParameters Parameters
    {
        get
        {
            if (Volatile.Read(ref _inForce) is { } parameters)
            {
                return ChannelParameters.Of(parameters);
            }

            lock (_control)
            {
                return ChannelParameters.Of(InForce());
            }
        }
    }

    /// <summary>The fields changed live since the preset was taken.</summary>
    public IReadOnlyList<string> LiveChanges => Volatile.Read(ref _live).Fields;

    /// <summary>The transition live changes use unless they name their own: the preset's.</summary>
    public PresetTransition PresetTransition => _appliedPreset?.Transition ?? PresetTransition.Default;

    /// <summary>The cued preset, or null when nothing is cued.</summary>
    public CuedPreset? Cued => _cue?.View;

    /// <summary>
    /// Puts <paramref name="preset"/> in force over its own transition, dropping earlier live changes: its text is
    /// encoded on the calling thread and the pipeline blends to it; structural differences warm up beside the running
    /// state. Throws <see cref="ArgumentException"/> naming the bad value; the running look stays.
    /// </summary>
    public void Apply(Preset preset)
    {
        ArgumentNullException.ThrowIfNull(preset);
        lock (_control)
        {
            var parameters = PresetParameters.For(preset, InForce().Guidance);
            PutInForce(parameters, target: null);
            _appliedPreset = preset;
            _live = ParameterChange.None;
        }
    }

    /// <summary>
    /// Changes the fields <paramref name="change"/> sets on top of what is in force and reports which changed fields
    /// are structural and which blend. Throws <see cref="ParameterValueException"/> naming a field outside the
    /// preset-file limits, or <see cref="ArgumentException"/> when the model cannot run the result; either way nothing
    /// changes.
    /// </summary>
    public ParameterChangeResult SetParameters(ParameterChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        change.Validate();
        lock (_control)
        {
            var before = InForce();
            var next = change.ApplyTo(before, change.Transition ?? PresetTransition);
            var pending = PutInForce(next, target: null);
            // A strength is remembered as the step list it mapped to, so a reload of the preset keeps the step count.
            _live = _live.Then(change.Strength is null ? change : change with { Strength = null, TIndexList = [.. next.StepIndices] });
            return ParameterChangeResult.Between(PresetId, before, next, pending, change.Strength is null ? "tIndexList" : "strength");
        }
    }

    /// <summary>
    /// Cues <paramref name="preset"/> (replacing any earlier cue): its text is encoded now, on the calling thread, so
    /// that <see cref="Take"/> encodes nothing. <paramref name="transition"/> overrides the preset's own. Throws
    /// <see cref="ArgumentException"/> naming a bad value; the cue stays as it was.
    /// </summary>
    public CuedPreset Cue(Preset preset, PresetTransition? transition = null)
    {
        ArgumentNullException.ThrowIfNull(preset);
        ParameterChange.ValidateTransition(transition);
        lock (_control)
        {
            _cue = Prepare(preset, transition);
            return _cue.View;
        }
    }

    /// <summary>
    /// Puts the cued preset in force at once (the prepared target is handed to the pipeline; nothing is encoded),
    /// dropping earlier live changes, and clears the cue. <paramref name="transition"/> overrides the cued one.
    /// Throws <see cref="InvalidOperationException"/> when nothing is cued.
    /// </summary>
    public ParameterChangeResult Take(PresetTransition? transition = null)
    {
        ParameterChange.ValidateTransition(transition);
        lock (_control)
        {
            var cue = _cue ?? throw new InvalidOperationException($"Nothing is cued on channel {Name}; cue a preset first.");
            var before = InForce();
            var parameters = cue.Parameters;
            var target = cue.Prepared is { } prepared && ReferenceEquals(cue.PreparedFor, Pipeline) ? prepared : null;
            if (transition is not null)
            {
                var timing = ParameterChange.None.ApplyTo(parameters, transition);
                parameters = timing;
                target = target?.WithTransition(timing.TransitionDuration, timing.TransitionBlend);
            }

            var pending = PutInForce(parameters, target);
            _appliedPreset = cue.Preset;
            _live = ParameterChange.None;
            _cue = null;
            return ParameterChangeResult.Between(PresetId, before, parameters, pending);
        }
    }

    // At the start of each run, once the pipeline (if any) exists: the first run takes the configured preset as the
    // factory built it; later runs (and changes made before the first) are applied to the new pipeline at once.
    private void ResumeControl(StreamPipeline? pipeline)
    {
        lock (_control)
        {
            if (_inForce is null)
            {
                InForce();
                return;
            }

            if (pipeline is null || !ParameterChangeResult.Between(PresetId, pipeline.Parameters, _inForce, pending: false).ChangesAnything)
            {
                return;
            }

            try
            {
                pipeline.Update(_inForce with { TransitionDuration = TimeSpan.Zero });
            }
            catch (ArgumentException e)
            {
                LogResumeRefused(logger, Name, e.Message);
                _appliedPreset = presets?.Current.Presets.GetValueOrDefault(settings.Preset);
                _inForce = pipeline.Parameters;
                _live = ParameterChange.None;
            }
        }
    }

    // A saved edit of the preset on air reaches the picture live (blended), with the live changes still on top.
    private void ReloadOnAir(Preset preset)
    {
        lock (_control)
        {
            var parameters = _live.ApplyTo(PresetParameters.For(preset, InForce().Guidance), preset.Transition);
            PutInForce(parameters, target: null);
            _appliedPreset = preset;
        }
    }

    // A saved edit of the cued preset is cued again (encoded now, on the preset watcher's thread).
    private void RecueIfReloaded(PresetCatalog catalog)
    {
        lock (_control)
        {
            if (_cue is not { } cue || !catalog.Presets.TryGetValue(cue.Preset.Id, out var preset) || ReferenceEquals(preset, cue.Preset))
            {
                return;
            }

            try
            {
                _cue = Prepare(preset, cue.Transition);
                LogRecued(logger, Name, preset.Id);
            }
            catch (ArgumentException e)
            {
                LogRecueRefused(logger, Name, preset.Id, e.Message);
            }
        }
    }

    // Under _control. Before anything was set, what the channel starts with: the configured preset, as the factory
    // builds the pipeline from it (or the pipeline's own parameters when it was built otherwise).
    private StreamParameters InForce()
    {
        if (_inForce is null)
        {
            _appliedPreset = presets?.Current.Presets.GetValueOrDefault(settings.Preset);
            _inForce = Pipeline?.Parameters ?? PresetParameters.For(_appliedPreset, GuidanceMode.Self);
        }

        return _inForce;
    }

    // Under _control: hands the parameters (or their prepared target) to the running pipeline, or only validates them
    // when there is none; then records them. Returns true when they wait for a model.
    private bool PutInForce(StreamParameters parameters, PreparedTarget? target)
    {
        if (Pipeline is { } pipeline)
        {
            if (target is not null)
            {
                pipeline.Update(target);
            }
            else
            {
                pipeline.Update(parameters);
            }
        }
        else
        {
            parameters.Validate();
        }

        _inForce = parameters;
        return Pipeline is null;
    }

    // Under _control.
    private CueState Prepare(Preset preset, PresetTransition? transition)
    {
        var parameters = PresetParameters.For(transition is null ? preset : preset with { Transition = transition }, InForce().Guidance);
        var pipeline = Pipeline;
        PreparedTarget? prepared = null;
        if (pipeline is null)
        {
            parameters.Validate();
        }
        else
        {
            prepared = pipeline.Prepare(parameters);
        }

        return new CueState(preset, transition, parameters, prepared, pipeline);
    }

    private sealed record CueState(Preset Preset, PresetTransition? Transition, StreamParameters Parameters, PreparedTarget? Prepared, StreamPipeline? PreparedFor)
    {
        public CuedPreset View { get; } = new(Preset.Id, Preset.Name, Transition ?? Preset.Transition, Prepared is not null);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Channel {Channel}: cued preset {Preset} reloaded and cued again")]
    private static partial void LogRecued(ILogger logger, string channel, string preset);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Channel {Channel}: the reloaded preset {Preset} could not be cued ({Reason}); the earlier version stays cued")]
    private static partial void LogRecueRefused(ILogger logger, string channel, string preset, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Channel {Channel}: the parameters in force before the restart do not fit the new model ({Reason}); the channel starts with its configured preset")]
    private static partial void LogResumeRefused(ILogger logger, string channel, string reason);
}
