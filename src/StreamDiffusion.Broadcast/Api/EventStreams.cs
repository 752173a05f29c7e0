using StreamDiffusion.Broadcast.Configuration;

namespace StreamDiffusion.Broadcast.Api;

/// <summary>
/// The open server-sent event streams, held to <c>Api:MaxEventStreams</c>: each stream holds a connection and a
/// subscription for as long as the client stays, so their number is bounded like any other resource.
/// </summary>
public sealed class EventStreams(BroadcastSettings settings)
{
    private int _open;
    private long _dropped;

    /// <summary>Streams served at once.</summary>
    public int Limit { get; } = settings.Api.MaxEventStreams;

    /// <summary>Streams open now.</summary>
    public int Open => Volatile.Read(ref _open);

    /// <summary>State changes dropped for slow clients since the start, over all streams that have closed.</summary>
    public long DroppedStateChanges => Volatile.Read(ref _dropped);

    /// <summary>Takes a place for a new stream; false when <see cref="Limit"/> streams are open.</summary>
    public bool TryOpen()
    {
        if (Interlocked.Increment(ref _open) <= Limit)
        {
            return true;
        }

        Interlocked.Decrement(ref _open);
        return false;
    }

    /// <summary>Gives a stream's place back, adding the state changes it dropped.</summary>
    public void Close(long dropped)
    {
        Interlocked.Add(ref _dropped, dropped);
        Interlocked.Decrement(ref _open);
    }
}
