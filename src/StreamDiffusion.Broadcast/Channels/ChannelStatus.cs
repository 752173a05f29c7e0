namespace StreamDiffusion.Broadcast.Channels;

/// <summary>A channel's state with its reason and when it was entered, as shown to operators.</summary>
/// <param name="Channel">Channel name.</param>
/// <param name="State">Current state.</param>
/// <param name="Reason">Why, in words an operator can act on.</param>
/// <param name="Since">When the state was entered.</param>
/// <param name="Restarts">How often the supervisor restarted the channel.</param>
public sealed record ChannelStatus(string Channel, ChannelState State, string Reason, DateTimeOffset Since, int Restarts);

/// <summary>
/// The channel's current status, replaced as a whole on every transition (one reference swap), with an event for
/// state changes so the API can push them.
/// </summary>
public sealed class ChannelStatusBoard(string channel, TimeProvider time)
{
    private ChannelStatus _current = new(channel, ChannelState.Starting, "starting", time.GetUtcNow(), 0);

    /// <summary>The status in force.</summary>
    public ChannelStatus Current => Volatile.Read(ref _current);

    /// <summary>Raised after a change of state or reason.</summary>
    public event Action<ChannelStatus>? Changed;

    /// <summary>Sets state and reason; no event when neither changed.</summary>
    public void Set(ChannelState state, string reason)
    {
        var before = Current;
        if (before.State == state && before.Reason == reason)
        {
            return;
        }

        var next = before with { State = state, Reason = reason, Since = before.State == state ? before.Since : time.GetUtcNow() };
        Volatile.Write(ref _current, next);
        Changed?.Invoke(next);
    }

    /// <summary>Counts a supervisor restart.</summary>
    public void CountRestart()
    {
        var before = Current;
        Volatile.Write(ref _current, before with { Restarts = before.Restarts + 1 });
    }
}
