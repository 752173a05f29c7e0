namespace StreamDiffusion.Core.Pipeline;

/// <summary>Where a frame came from; carried from input to output so latency, timecode and audio sync can follow it.</summary>
/// <param name="FrameId">The input frame's sequence number, assigned at capture.</param>
/// <param name="CaptureTime">Capture time on the channel's monotonic clock; transitions are timed on this clock.</param>
/// <param name="SourceTimecode">The source's timecode in 100 ns units (NDI's timecode), or 0 when it has none.</param>
public readonly record struct FrameProvenance(long FrameId, TimeSpan CaptureTime, long SourceTimecode);
