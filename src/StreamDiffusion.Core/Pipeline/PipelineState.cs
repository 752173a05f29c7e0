namespace StreamDiffusion.Core.Pipeline;

/// <summary>One structural state as the pipeline runs it: the denoiser, its live transition and the target it follows.</summary>
internal sealed class PipelineState
{
    public PipelineState(PreparedTarget target)
    {
        StreamParameters parameters = target.Parameters;
        Denoiser = new StreamBatchDenoiser(
            target.Models,
            parameters.Guidance,
            parameters.StepIndices,
            target.Conditional,
            target.Unconditional,
            target.Noise)
        {
            GuidanceScale = parameters.GuidanceScale,
            Delta = parameters.Delta,
            AddNoiseBetweenSteps = parameters.AddNoiseBetweenSteps,
        };
        Transition = new ParameterTransition(Denoiser);
        Target = target;
    }

    public StreamBatchDenoiser Denoiser { get; }

    public ParameterTransition Transition { get; }

    /// <summary>The target last given to this state.</summary>
    public PreparedTarget Target { get; private set; }

    public bool Accepts(PreparedTarget target) => target.IsStructurallySame(Target.Parameters, Target.Models);

    /// <summary>Moves to a structurally identical target: blended, or at once when <paramref name="snap"/>. Returns whether the picture will change.</summary>
    public bool Retarget(PreparedTarget target, bool snap)
    {
        bool changed = Transition.Begin(target, Target, snap);
        Target = target;
        return changed;
    }
}
