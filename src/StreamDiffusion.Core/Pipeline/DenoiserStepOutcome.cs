namespace StreamDiffusion.Core.Pipeline;

/// <summary>What one <see cref="StreamBatchDenoiser.Step"/> did.</summary>
public enum DenoiserStepOutcome
{
    /// <summary>The last row finished a valid input: x̂0 (and the decoded image, when asked) is ready.</summary>
    Output,

    /// <summary>The last row still descends from the zeroed buffer of a reset: its x̂0 must not be shown.</summary>
    WarmingUp,

    /// <summary>A NaN or Inf was found; the state was reset (see <see cref="StreamBatchDenoiser.LastNonFiniteStage"/>).</summary>
    NonFinite,
}
