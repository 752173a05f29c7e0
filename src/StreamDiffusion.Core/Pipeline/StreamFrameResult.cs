namespace StreamDiffusion.Core.Pipeline;

/// <summary>The result of one input frame.</summary>
/// <param name="Outcome">New frame, skip heartbeat, no new frame yet, or dropped.</param>
/// <param name="Input">Provenance of the input frame just given.</param>
/// <param name="Output">
/// Provenance of the input the current output picture was made from (for a new frame with n steps, the input of n − 1
/// calls ago; for a skip, the picture that stands). Default when there is no picture yet.
/// </param>
/// <param name="DropStage">For <see cref="FrameOutcome.Dropped"/>, where the NaN or Inf was found.</param>
/// <param name="HandedOver">True on the first frame made by a new pipeline state after a structural change.</param>
public readonly record struct StreamFrameResult(
    FrameOutcome Outcome,
    FrameProvenance Input,
    FrameProvenance Output,
    NonFiniteStage DropStage,
    bool HandedOver);
