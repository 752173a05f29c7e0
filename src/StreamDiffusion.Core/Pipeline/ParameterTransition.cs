using StreamDiffusion.Core.Conditioning;

namespace StreamDiffusion.Core.Pipeline;

/// <summary>
/// Moves one pipeline state's blendable values to a new target over the transition time, timed on the capture clock:
/// text embeddings (linear or slerp), the noise bank (slerp per step row, so each ε_i stays unit-variance), γ and δ
/// (linear). A new target mid-blend starts from wherever the blend is. Buffers are allocated once per state.
/// </summary>
internal sealed class ParameterTransition
{
    private static readonly TimeSpan MinimumFrameStep = TimeSpan.FromMilliseconds(1);

    private readonly StreamBatchDenoiser _state;
    private readonly float[] _conditionalFrom;
    private readonly float[] _conditionalTo;
    private readonly float[] _unconditionalFrom;
    private readonly float[] _unconditionalTo;
    private readonly float[] _noiseFrom;
    private readonly float[] _noiseTo;
    private bool _blendConditional;
    private bool _blendUnconditional;
    private bool _blendNoise;
    private float _guidanceFrom;
    private float _guidanceTo;
    private float _deltaFrom;
    private float _deltaTo;
    private TimeSpan _duration;
    private TimeSpan _elapsed;
    private TimeSpan _lastCapture;
    private bool _started;
    private EmbeddingBlendMode _mode;

    public ParameterTransition(StreamBatchDenoiser state)
    {
        _state = state;
        _conditionalFrom = new float[state.EmbeddingLength];
        _conditionalTo = new float[state.EmbeddingLength];
        _unconditionalFrom = new float[state.EmbeddingLength];
        _unconditionalTo = new float[state.EmbeddingLength];
        _noiseFrom = new float[state.Steps * state.RowLength];
        _noiseTo = new float[state.Steps * state.RowLength];
    }

    /// <summary>Whether a blend is under way.</summary>
    public bool IsActive { get; private set; }

    /// <summary>Progress of the current (or last) blend, 0..1.</summary>
    public float Progress { get; private set; } = 1f;

    /// <summary>
    /// Starts moving toward <paramref name="target"/>. Parts whose target array is the one already applied (and that
    /// are not mid-blend) stay untouched. With <paramref name="snap"/> or a zero duration the target applies at once.
    /// Returns whether anything that reaches the picture changed (so the caller knows to hold the similarity filter).
    /// </summary>
    public bool Begin(PreparedTarget target, PreparedTarget applied, bool snap)
    {
        StreamParameters parameters = target.Parameters;
        bool changed = !SameStepIndices(parameters.StepIndices) || _state.AddNoiseBetweenSteps != parameters.AddNoiseBetweenSteps;
        _state.SetStepIndices(parameters.StepIndices);
        _state.AddNoiseBetweenSteps = parameters.AddNoiseBetweenSteps;
        if (snap || parameters.TransitionDuration == TimeSpan.Zero)
        {
            changed |= IsActive
                || !ReferenceEquals(target.Conditional, applied.Conditional)
                || !ReferenceEquals(target.Unconditional, applied.Unconditional)
                || !ReferenceEquals(target.Noise, applied.Noise)
                || _state.GuidanceScale != parameters.GuidanceScale
                || _state.Delta != parameters.Delta;
            _state.SetConditioning(target.Conditional, target.Unconditional);
            _state.SetNoise(target.Noise);
            _state.GuidanceScale = parameters.GuidanceScale;
            _state.Delta = parameters.Delta;
            Finish();
            return changed;
        }

        _blendConditional |= !ReferenceEquals(target.Conditional, applied.Conditional);
        _blendUnconditional |= !ReferenceEquals(target.Unconditional, applied.Unconditional);
        _blendNoise |= !ReferenceEquals(target.Noise, applied.Noise);
        _state.Conditional.CopyTo(_conditionalFrom);
        target.Conditional.CopyTo(_conditionalTo);
        _state.Unconditional.CopyTo(_unconditionalFrom);
        target.Unconditional.CopyTo(_unconditionalTo);
        _state.Noise.CopyTo(_noiseFrom);
        target.Noise.CopyTo(_noiseTo);
        if (!_blendConditional && !_blendUnconditional && !_blendNoise
            && _state.GuidanceScale == parameters.GuidanceScale && _state.Delta == parameters.Delta)
        {
            // Nothing to blend (say, only the filter or the step values changed): no transition to wait for.
            Finish();
            return changed;
        }

        _guidanceFrom = _state.GuidanceScale;
        _guidanceTo = parameters.GuidanceScale;
        _deltaFrom = _state.Delta;
        _deltaTo = parameters.Delta;
        _duration = parameters.TransitionDuration;
        _mode = parameters.TransitionBlend;
        _started = false;
        Progress = 0f;
        IsActive = true;
        return true;
    }

    /// <summary>Writes the blend for the frame captured at <paramref name="captureTime"/>; returns whether a blend was active.</summary>
    public bool Advance(TimeSpan captureTime)
    {
        if (!IsActive)
        {
            return false;
        }

        // Elapsed capture time, counting each frame as at least MinimumFrameStep: a clock that stands still or steps
        // back can slow a blend down but never stop or reverse it.
        if (!_started)
        {
            _elapsed = TimeSpan.Zero;
            _started = true;
        }
        else
        {
            TimeSpan step = captureTime - _lastCapture;
            _elapsed += step < MinimumFrameStep ? MinimumFrameStep : step;
        }

        _lastCapture = captureTime;
        float progress = (float)Math.Clamp(_elapsed / _duration, 0.0, 1.0);
        Progress = progress;

        if (_blendConditional)
        {
            EmbeddingBlend.Blend(_mode, _conditionalFrom, _conditionalTo, progress, _state.ConditionalBuffer);
        }

        if (_blendUnconditional)
        {
            EmbeddingBlend.Blend(_mode, _unconditionalFrom, _unconditionalTo, progress, _state.UnconditionalBuffer);
        }

        if (_blendConditional || _blendUnconditional)
        {
            _state.RefreshEmbeddingRows();
        }

        if (_blendNoise)
        {
            int l = _state.RowLength;
            Span<float> noise = _state.NoiseBuffer;
            for (int row = 0; row < _state.Steps; row++)
            {
                EmbeddingBlend.Blend(
                    EmbeddingBlendMode.Slerp,
                    _noiseFrom.AsSpan(row * l, l),
                    _noiseTo.AsSpan(row * l, l),
                    progress,
                    noise.Slice(row * l, l));
            }
        }

        _state.GuidanceScale = _guidanceFrom + ((_guidanceTo - _guidanceFrom) * progress);
        _state.Delta = _deltaFrom + ((_deltaTo - _deltaFrom) * progress);
        if (progress >= 1f)
        {
            _state.GuidanceScale = _guidanceTo;
            _state.Delta = _deltaTo;
            Finish();
        }

        return true;
    }

    private bool SameStepIndices(IReadOnlyList<int> indices)
    {
        ReadOnlySpan<int> current = _state.StepIndices;
        if (current.Length != indices.Count)
        {
            return false;
        }

        for (int i = 0; i < current.Length; i++)
        {
            if (current[i] != indices[i])
            {
                return false;
            }
        }

        return true;
    }

    private void Finish()
    {
        _blendConditional = false;
        _blendUnconditional = false;
        _blendNoise = false;
        Progress = 1f;
        IsActive = false;
    }
}
