using StreamDiffusion.Video.Frames;

namespace StreamDiffusion.Broadcast.Channels.Inputs;

/// <summary>The rate an input frame came at, exactly as its source declared it.</summary>
/// <param name="RateN">Numerator (30000 of 30000/1001).</param>
/// <param name="RateD">Denominator.</param>
public readonly record struct FrameRate(int RateN, int RateD)
{
    /// <summary>The rate used before any input has declared one.</summary>
    public static FrameRate Default { get; } = new(30000, 1001);
}

/// <summary>
/// Where a channel's pictures come from: an NDI receiver or the built-in test pattern. Frames are delivered on the
/// input's own thread; the callee takes ownership of each <see cref="VideoFrame"/> and must dispose it.
/// </summary>
public interface IChannelInput : IDisposable
{
    /// <summary>What the input is, for status and logs.</summary>
    string Description { get; }

    /// <summary>Starts delivering frames to <paramref name="deliver"/>.</summary>
    void Start(Action<VideoFrame, FrameRate> deliver);
}
