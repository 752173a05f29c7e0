namespace StreamDiffusion.Ndi;

/// <summary>A snapshot of a receiver's counters.</summary>
/// <param name="VideoFrames">Video frames handed to the sink.</param>
/// <param name="AudioFrames">Audio frames handed to the sink (only with <see cref="NdiReceiverOptions.CaptureAudio"/>).</param>
/// <param name="MetadataFrames">Stand-alone metadata messages handed to the sink.</param>
/// <param name="DroppedVideoFrames">Video frames the runtime discarded because they were not captured in time.</param>
/// <param name="QueuedVideoFrames">Video frames waiting in the runtime's queue now.</param>
/// <param name="ConnectionLosses">Times the runtime reported the connection lost.</param>
/// <param name="Connects">Times this receiver connected (or re-connected) to a source it resolved.</param>
/// <param name="SinkFaults">Exceptions the sink threw (each was caught; the receiver carried on).</param>
/// <param name="IsConnected">True while the runtime holds a connection to the source.</param>
/// <param name="Source">The source connected to, or null while none matched.</param>
public sealed record NdiReceiverStatistics(
    long VideoFrames, long AudioFrames, long MetadataFrames, long DroppedVideoFrames, int QueuedVideoFrames, long ConnectionLosses,
    long Connects, long SinkFaults, bool IsConnected, NdiSource? Source);
