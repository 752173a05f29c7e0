namespace StreamDiffusion.Core.Pipeline;

/// <summary>What one call of <see cref="StreamPipeline.ProcessFrame"/> produced.</summary>
public enum FrameOutcome
{
    /// <summary>A new processed picture is in <see cref="StreamPipeline.OutputImage"/>.</summary>
    NewFrame,

    /// <summary>
    /// The similarity filter skipped this input: no model ran and the previous picture stands. A heartbeat: the
    /// pipeline is alive, not stalled.
    /// </summary>
    Skipped,

    /// <summary>The Stream Batch still holds rows from before a reset: no picture may be shown yet.</summary>
    NoNewFrameYet,

    /// <summary>A NaN or Inf appeared: the frame was dropped and the guidance state and buffer were reset.</summary>
    Dropped,
}
