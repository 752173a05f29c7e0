using StreamDiffusion.Broadcast.Channels.Inputs;
using StreamDiffusion.Ndi;
using StreamDiffusion.Video.Frames;

namespace StreamDiffusion.Broadcast.Channels.Outputs;

/// <summary>
/// An NDI sender as a channel output: unclocked (the pacer clocks it), asynchronous and double-buffered, so a send
/// never waits for the network. The sender lives as long as the channel; it is never recreated on a preset or model
/// change, since a source that vanishes and returns is what receivers handle worst.
/// </summary>
public sealed class NdiChannelOutput(NdiRuntime runtime, string name, IReadOnlyList<string> groups) : IChannelOutput
{
    private readonly NdiSender _sender = new(runtime, new NdiSenderOptions { Name = name, Groups = groups, ClockVideo = false });
    private int _connections;
    private long _sent;

    /// <inheritdoc />
    public string Description => _sender.PublishedName;

    /// <inheritdoc />
    public int Connections => Volatile.Read(ref _connections);

    /// <inheritdoc />
    public void Send(VideoFrame frame, FrameRate rate, long timecode)
    {
        ArgumentNullException.ThrowIfNull(frame);
        // The field format travels with the frame (the pacer tags even its slate with the channel's output format).
        var format = new NdiVideoFormat(
            frame.Width, frame.Height, (NdiFourCC)(uint)frame.Format, rate.RateN, rate.RateD, (NdiFrameFormat)(int)frame.Provenance.FieldFormat, Stride: frame.StrideBytes);
        frame.Data.CopyTo(_sender.GetVideoBuffer(format));
        _sender.SendVideoAsync(timecode, default);

        // Asking the runtime costs a call; once a second at video rates is plenty for status and idling.
        if (_sent++ % 30 == 0)
        {
            Volatile.Write(ref _connections, _sender.GetConnectionCount(TimeSpan.Zero));
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _sender.Flush();
        _sender.Dispose();
    }
}
