using StreamDiffusion.Broadcast.Channels.Inputs;
using StreamDiffusion.Video.Frames;

namespace StreamDiffusion.Broadcast.Channels.Outputs;

/// <summary>Where a channel's pictures go: an NDI sender, or nowhere when no NDI runtime is installed.</summary>
public interface IChannelOutput : IDisposable
{
    /// <summary>What the output is, for status and logs (the published NDI name).</summary>
    string Description { get; }

    /// <summary>Receivers connected now (0 when unknown).</summary>
    int Connections { get; }

    /// <summary>Sends <paramref name="frame"/> at <paramref name="rate"/> with <paramref name="timecode"/> (100 ns units); the frame stays the caller's.</summary>
    void Send(VideoFrame frame, FrameRate rate, long timecode);
}

/// <summary>An output that sends nowhere, used when the NDI runtime is missing (the status says so).</summary>
public sealed class DiscardingOutput(string reason) : IChannelOutput
{
    /// <inheritdoc />
    public string Description => $"no output ({reason})";

    /// <inheritdoc />
    public int Connections => 0;

    /// <inheritdoc />
    public void Send(VideoFrame frame, FrameRate rate, long timecode)
    {
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }
}
