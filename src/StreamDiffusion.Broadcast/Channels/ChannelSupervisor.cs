using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace StreamDiffusion.Broadcast.Channels;

/// <summary>Restart back-off of failed channels.</summary>
/// <param name="First">Delay before the first restart.</param>
/// <param name="Max">Longest delay between restarts.</param>
/// <param name="StableAfter">A run this long resets the back-off.</param>
public sealed record RestartBackoff(TimeSpan First, TimeSpan Max, TimeSpan StableAfter)
{
    /// <summary>1 s doubling to 60 s, reset after 5 minutes of stable running.</summary>
    public static RestartBackoff Default { get; } = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), TimeSpan.FromMinutes(5));
}

/// <summary>
/// Owns the channels: starts each, restarts a failed one with exponential back-off, and never lets one channel's
/// exception reach the host or another channel. Only a <see cref="ChannelFatalException"/> stops the host, with exit
/// code 3, so Windows service recovery or systemd restarts the process.
/// </summary>
public sealed partial class ChannelSupervisor(
    IEnumerable<IChannelRunner> runners,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<ChannelSupervisor> logger,
    RestartBackoff? backoff = null,
    Action<int>? setExitCode = null) : BackgroundService
{
    /// <summary>Process exit code after a fatal channel condition.</summary>
    public const int FatalExitCode = 3;

    private readonly RestartBackoff _backoff = backoff ?? RestartBackoff.Default;
    private readonly Action<int> _setExitCode = setExitCode ?? (code => Environment.ExitCode = code);

    /// <summary>The supervised channels.</summary>
    public IReadOnlyList<IChannelRunner> Channels { get; } = [.. runners];

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Channels.Select(runner => SuperviseAsync(runner, stoppingToken)));

    private async Task SuperviseAsync(IChannelRunner runner, CancellationToken stoppingToken)
    {
        var delay = _backoff.First;
        while (!stoppingToken.IsCancellationRequested)
        {
            var started = time.GetTimestamp();
            try
            {
                await runner.RunAsync(stoppingToken).ConfigureAwait(false);
                if (stoppingToken.IsCancellationRequested)
                {
                    return;
                }

                throw new InvalidOperationException("the channel stopped by itself");
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (ChannelFatalException e)
            {
                LogFatal(logger, e, runner.Name);
                runner.Status.Set(ChannelState.Faulted, $"fatal: {e.Message}; the service exits so that it is restarted");
                _setExitCode(FatalExitCode);
                lifetime.StopApplication();
                return;
            }
            catch (Exception e)
            {
                if (time.GetElapsedTime(started) >= _backoff.StableAfter)
                {
                    delay = _backoff.First;
                }

                LogFailed(logger, e, runner.Name, delay.TotalSeconds);
                runner.Status.Set(ChannelState.Faulted, $"{e.GetType().Name}: {e.Message}; restarting in {delay.TotalSeconds:0.#} s");
                runner.Status.CountRestart();
                try
                {
                    await Task.Delay(delay, time, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _backoff.Max.Ticks));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Channel {Channel} failed; restarting it in {DelaySeconds} s (the other channels keep running)")]
    private static partial void LogFailed(ILogger logger, Exception exception, string channel, double delaySeconds);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Channel {Channel} hit a condition no restart inside this process can fix; stopping the service so that it is restarted")]
    private static partial void LogFatal(ILogger logger, Exception exception, string channel);
}
