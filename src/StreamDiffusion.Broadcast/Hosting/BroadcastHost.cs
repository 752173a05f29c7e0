using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting.Systemd;
using Serilog;
using Serilog.Events;
using StreamDiffusion.Broadcast.Configuration;
using StreamDiffusion.Broadcast.Presets;

namespace StreamDiffusion.Broadcast.Hosting;

/// <summary>What <c>sdbroadcast run</c> was asked for on its command line.</summary>
/// <param name="DataRootFolder">The <c>--data-root</c> folder, if given.</param>
/// <param name="Urls">The <c>--urls</c> override of Api:Urls, if given.</param>
public sealed record RunRequest(string? DataRootFolder, string? Urls);

/// <summary>
/// Builds and runs the service host: one <see cref="WebApplication"/> that runs as a console program, a Windows service
/// or a systemd service (Type=notify), with configuration and presets from the data root.
/// </summary>
public static class BroadcastHost
{
    /// <summary>Runs until stopped; returns the process exit code (1 when the service cannot start).</summary>
    public static async Task<int> RunAsync(RunRequest request, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(error);
        var contentRoot = AppContext.BaseDirectory;
        var dataRoot = DataRoot.Resolve(request.DataRootFolder, contentRoot, Environment.GetEnvironmentVariable);
        try
        {
            dataRoot.SeedFrom(contentRoot);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            await error.WriteLineAsync(
                $"sdbroadcast run: the data root {dataRoot.ConfigFolder} ({dataRoot.Origin}) cannot be written: {e.Message} " +
                "Run as the service user, or choose a writable folder with --data-root FOLDER.").ConfigureAwait(false);
            return 1;
        }

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = contentRoot, Args = [] });

        // Only the data root's file counts: layering it over the shipped defaults would merge channel arrays by index.
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddJsonFile(dataRoot.SettingsFile, optional: false, reloadOnChange: true);
        builder.Configuration.AddEnvironmentVariables("SDBROADCAST_");

        var (settings, problems) = SettingsLoader.Load(builder.Configuration);
        if (settings is null)
        {
            foreach (var problem in problems)
            {
                await error.WriteLineAsync($"sdbroadcast run: {dataRoot.SettingsFile}: {problem}").ConfigureAwait(false);
            }

            await error.WriteLineAsync("sdbroadcast run: not started; fix the settings above.").ConfigureAwait(false);
            return 1;
        }

        builder.WebHost.UseUrls(request.Urls ?? settings.Api.Urls);
        builder.Services.AddWindowsService(o => o.ServiceName = "StreamDiffusion.Broadcast");
        builder.Services.AddSystemd();
        if (!SystemdHelpers.IsSystemdService() && Environment.GetEnvironmentVariable("NOTIFY_SOCKET") is { Length: > 0 })
        {
            // AddSystemd only recognises systemd as the parent; any manager that hands us a NOTIFY_SOCKET (systemd-run
            // --scope, supervisors, the tests) gets the same READY/STOPPING/WATCHDOG messages.
            builder.Services.AddSingleton<ISystemdNotifier, SystemdNotifier>();
            builder.Services.AddSingleton<IHostLifetime, SystemdLifetime>();
        }
        builder.Services.AddHostedService<SystemdWatchdog>();
        builder.Services.AddSerilog((_, logger) => logger
            .ReadFrom.Configuration(builder.Configuration)
            .Enrich.FromLogContext()
            .WriteTo.Console(formatProvider: System.Globalization.CultureInfo.InvariantCulture)
            .WriteTo.File(
                Path.Combine(dataRoot.LogsFolder, "sdbroadcast-.log"),
                restrictedToMinimumLevel: LogEventLevel.Information,
                rollingInterval: RollingInterval.Day,
                fileSizeLimitBytes: 50 * 1024 * 1024,
                rollOnFileSizeLimit: true,
                retainedFileCountLimit: 31,
                formatProvider: System.Globalization.CultureInfo.InvariantCulture));

        builder.Services.AddSingleton(dataRoot);
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(sp => new PresetStore(dataRoot.PresetsFolder, sp.GetRequiredService<ILogger<PresetStore>>()));
        builder.Services.AddHostedService<PresetWatcher>();
        builder.Services.AddHealthChecks()
            .AddCheck("live", () => HealthCheckResult.Healthy("the service is running"), tags: ["live"])
            .AddCheck<ReadinessCheck>("ready", tags: ["ready"]);

        await using var app = builder.Build();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = c => c.Tags.Contains("live") });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = c => c.Tags.Contains("ready"),
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status200OK,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
            ResponseWriter = ReadinessCheck.WriteAsync,
        });

        app.Logger.LogInformation("Data root: {ConfigFolder} + {StateFolder} ({Origin})", dataRoot.ConfigFolder, dataRoot.StateFolder, dataRoot.Origin);
        foreach (var problem in problems)
        {
            app.Logger.LogWarning("Configuration: {Problem}", problem.ToString());
        }

        try
        {
            await app.RunAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        }
        catch (IOException e) when (e.InnerException is System.Net.Sockets.SocketException || e.Message.Contains("address", StringComparison.OrdinalIgnoreCase))
        {
            await error.WriteLineAsync($"sdbroadcast run: cannot listen on {request.Urls ?? settings.Api.Urls}: {e.Message} Choose another Api:Urls or stop the program using that port.").ConfigureAwait(false);
            return 1;
        }
    }
}
