using StreamDiffusion.Core.Guidance;

namespace StreamDiffusion.Core.Pipeline;

/// <summary>A snapshot of the pipeline's counters and state, readable from any thread.</summary>
/// <param name="FramesIn">Input frames given to <see cref="StreamPipeline.ProcessFrame"/>.</param>
/// <param name="NewFrames">New pictures produced.</param>
/// <param name="Skips">Inputs skipped by the similarity filter (heartbeats, not stalls).</param>
/// <param name="WarmUpFrames">Inputs that produced no picture because the buffer held rows from before a reset.</param>
/// <param name="DroppedFrames">Frames dropped by the finite-value guard.</param>
/// <param name="LastDropStage">Where the last NaN/Inf was found.</param>
/// <param name="StructuralDrops">NaN/Inf found in a state that was warming up beside the running one (restarted).</param>
/// <param name="Handovers">Structural changes completed.</param>
/// <param name="Steps">Denoising steps n of the running state.</param>
/// <param name="Guidance">Guidance mode of the running state.</param>
/// <param name="UnetRows">UNet rows per frame of the running state.</param>
/// <param name="Transitioning">A blend of prompt, negative prompt, γ, δ or seed is under way.</param>
/// <param name="StructuralChangeWarming">A new state is warming up beside the running one.</param>
public readonly record struct PipelineStatus(
    long FramesIn,
    long NewFrames,
    long Skips,
    long WarmUpFrames,
    long DroppedFrames,
    NonFiniteStage LastDropStage,
    long StructuralDrops,
    long Handovers,
    int Steps,
    GuidanceMode Guidance,
    int UnetRows,
    bool Transitioning,
    bool StructuralChangeWarming);
