using System.Globalization;
using Microsoft.Extensions.Hosting.Systemd;

namespace StreamDiffusion.Broadcast.Hosting;

/// <summary>
/// Pings systemd's watchdog (<c>WatchdogSec=</c> in deploy/sdbroadcast.service) at half the interval systemd asks for
/// in <c>WATCHDOG_USEC</c>, so a hung process is killed and restarted. Does nothing outside systemd.
/// </summary>
internal sealed partial class SystemdWatchdog(IServiceProvider services, ILogger<SystemdWatchdog> logger) : BackgroundService
{
    private static readonly ServiceState s_ping = new("WATCHDOG=1");

    /// <summary>The interval systemd asked for, or null when no watchdog is configured.</summary>
    public static TimeSpan? RequestedInterval(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var usec = environment("WATCHDOG_USEC");
        var pid = environment("WATCHDOG_PID");
        if (usec is null || !long.TryParse(usec, NumberStyles.None, CultureInfo.InvariantCulture, out var microseconds) || microseconds <= 0)
        {
            return null;
        }

        // WATCHDOG_PID names the process the watchdog is meant for; a child that inherited the variable must not ping.
        if (pid is not null && pid != Environment.ProcessId.ToString(CultureInfo.InvariantCulture))
        {
            return null;
        }

        return TimeSpan.FromMicroseconds(microseconds);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (services.GetService<ISystemdNotifier>() is not { IsEnabled: true } notifier || RequestedInterval(Environment.GetEnvironmentVariable) is not { } interval)
        {
            return;
        }

        var period = interval / 2;
        LogStarted(logger, period.TotalSeconds);
        using var timer = new PeriodicTimer(period);
        notifier.Notify(s_ping);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            notifier.Notify(s_ping);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "systemd watchdog: pinging every {PeriodSeconds} s")]
    private static partial void LogStarted(ILogger logger, double periodSeconds);
}
