namespace StreamDiffusion.Broadcast.Channels;

/// <summary>
/// A single-slot hand-over between two frame-path stages: the producer's newest item replaces any item not yet taken,
/// so a slow consumer always gets the latest frame and never a backlog. Lock-free (one atomic exchange per call);
/// the replaced item is handed back to the producer so its pooled buffer can be reused, never lost.
/// </summary>
/// <typeparam name="T">A reference type, typically a pooled frame.</typeparam>
public sealed class LatestWinsMailbox<T>
    where T : class
{
    private T? _slot;
    private long _posted;
    private long _replaced;

    /// <summary>Items posted so far.</summary>
    public long Posted => Volatile.Read(ref _posted);

    /// <summary>Items that were replaced before the consumer took them (frames the consumer never saw).</summary>
    public long Replaced => Volatile.Read(ref _replaced);

    /// <summary>Puts <paramref name="item"/> in the slot; returns the untaken item it replaced, or null.</summary>
    public T? Post(T item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var previous = Interlocked.Exchange(ref _slot, item);
        Interlocked.Increment(ref _posted);
        if (previous is not null)
        {
            Interlocked.Increment(ref _replaced);
        }

        return previous;
    }

    /// <summary>Takes the newest item, leaving the slot empty; false when nothing new was posted since the last take.</summary>
    public bool TryTake(out T? item)
    {
        item = Interlocked.Exchange(ref _slot, null);
        return item is not null;
    }
}
