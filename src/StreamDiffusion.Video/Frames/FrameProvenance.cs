namespace StreamDiffusion.Video.Frames;

/// <summary>
/// Where a frame came from, carried unchanged from capture to send: the channel's input frame number, the capture
/// instant on the <see cref="System.Diagnostics.Stopwatch"/> clock, the source timecode in NDI's 100 ns units and the
/// field format the source delivered.
/// </summary>
public readonly record struct FrameProvenance(long FrameId, long CaptureTimestamp, long Timecode, FieldFormat FieldFormat);
