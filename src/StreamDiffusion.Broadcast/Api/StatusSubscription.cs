using System.Threading.Channels;
using StreamDiffusion.Broadcast.Channels;

namespace StreamDiffusion.Broadcast.Api;

/// <summary>
/// One event-stream client's subscription to the channels' state changes. <see cref="ChannelStatusBoard.Changed"/> is
/// raised on the pacer thread, so the handler only posts the (already allocated) status into a small bounded queue
/// that drops the oldest entry when the client reads too slowly: constant time, no waiting, no allocation. Drops are
/// counted; the stream's periodic status event carries the complete picture anyway.
/// </summary>
internal sealed class StatusSubscription : IDisposable
{
    /// <summary>State changes held for a slow client before the oldest is dropped.</summary>
    public const int Capacity = 64;

    private readonly ChannelStatusBoard[] _boards;
    private readonly Channel<ChannelStatus> _queue;
    private readonly Action<ChannelStatus> _post;
    private long _dropped;

    /// <summary>Subscribes to every board in <paramref name="boards"/> until disposed.</summary>
    public StatusSubscription(IEnumerable<ChannelStatusBoard> boards)
    {
        _boards = [.. boards];
        _queue = Channel.CreateBounded<ChannelStatus>(
            new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true, SingleWriter = false },
            _ => Interlocked.Increment(ref _dropped));
        _post = status => _queue.Writer.TryWrite(status);
        foreach (var board in _boards)
        {
            board.Changed += _post;
        }
    }

    /// <summary>The state changes, oldest first.</summary>
    public ChannelReader<ChannelStatus> Changes => _queue.Reader;

    /// <summary>State changes dropped because the client did not keep up.</summary>
    public long Dropped => Volatile.Read(ref _dropped);

    /// <summary>Unsubscribes from every board.</summary>
    public void Dispose()
    {
        foreach (var board in _boards)
        {
            board.Changed -= _post;
        }

        _queue.Writer.TryComplete();
    }
}
