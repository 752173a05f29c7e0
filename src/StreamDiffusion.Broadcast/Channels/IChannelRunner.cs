namespace StreamDiffusion.Broadcast.Channels;

/// <summary>One channel's frame path, run by the <see cref="ChannelSupervisor"/> until cancelled or faulted.</summary>
public interface IChannelRunner
{
    /// <summary>The channel's name.</summary>
    string Name { get; }

    /// <summary>The channel's status board (kept across restarts).</summary>
    ChannelStatusBoard Status { get; }

    /// <summary>Runs until <paramref name="stoppingToken"/> is cancelled; an exception means the channel failed.</summary>
    Task RunAsync(CancellationToken stoppingToken);
}

/// <summary>
/// A condition no restart can fix inside this process (for example a poisoned GPU context): the supervisor stops the
/// host with a non-zero exit code so the service manager restarts the process.
/// </summary>
public sealed class ChannelFatalException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ChannelFatalException()
    {
    }

    /// <summary>Creates the exception with a message naming the condition.</summary>
    public ChannelFatalException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public ChannelFatalException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
