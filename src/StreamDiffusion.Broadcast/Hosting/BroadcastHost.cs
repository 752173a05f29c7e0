using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Hosting.WindowsServices;
using Microsoft.Extensions.Logging.EventLog;
using Serilog;
using Serilog.Events;
using StreamDiffusion.Broadcast.Api;
using StreamDiffusion.Broadcast.Channels;
using StreamDiffusion.Onnx.Sessions;
using StreamDiffusion.Broadcast.Configuration;
using StreamDiffusion.Broadcast.Presets;

namespace StreamDiffusion.Broadcast.Hosting;

/// <summary>What <c>sdbroadcast run</c> was asked for on its command line.</summary>
/// <param name="DataRootFolder">The <c>--data-root</c> folder, if given.</param>
/// <param name="Urls">The <c>--urls</c> override of Api:Urls, if given.</param>
/// <param name="SyntheticModel">Run every channel on generated synthetic models instead of its model folder (demo, tests).</param>
public sealed record RunRequest(string? DataRootFolder, string? Urls, bool SyntheticModel = false);

/// <summary>
/// Builds and runs the service host: one <see cref="WebApplication"/> that runs as a console program, a Windows service
/// or a systemd service (Type=notify), with configuration and presets from the data root.
/// </summary>
public static class BroadcastHost
{
    /// <summary>Runs until stopped; returns the process exit code (1 when the service cannot start).</summary>
    public static async Task<int> RunAsync(RunRequest request, TextWriter error, CancellationToken cancellationToken)
    {
        var (app, exitCode) = await BuildAsync(request, error).ConfigureAwait(false);
        if (app is null)
        {
            return exitCode;
        }

        await using (app.ConfigureAwait(false))
        {
            try
            {
                await app.RunAsync(cancellationToken).ConfigureAwait(false);
                return Environment.ExitCode;
            }
            catch (IOException e) when (e.InnerException is System.Net.Sockets.SocketException || e.Message.Contains("address", StringComparison.OrdinalIgnoreCase))
            {
                await error.WriteLineAsync($"sdbroadcast run: cannot listen on {string.Join(", ", app.Urls)}: {e.Message} Choose another Api:Urls (or --urls) or stop the program using that port.").ConfigureAwait(false);
                return 1;
            }
        }
    }

    /// <summary>
    /// Resolves and seeds the data root, loads and validates the settings and builds the application without starting
    /// it; on a fatal problem writes it to <paramref name="error"/> and returns no application and exit code 1.
    /// </summary>
    public static async Task<(WebApplication? App, int ExitCode)> BuildAsync(RunRequest request, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(error);
        var contentRoot = AppContext.BaseDirectory;
        var dataRoot = DataRoot.Resolve(request.DataRootFolder, contentRoot, Environment.GetEnvironmentVariable);
        var (_, seedProblems) = dataRoot.SeedFrom(contentRoot);
        if (!File.Exists(dataRoot.SettingsFile))
        {
            await error.WriteLineAsync(
                $"sdbroadcast run: there is no {dataRoot.SettingsFile} ({dataRoot.Origin}) and it cannot be created: {string.Join(" ", seedProblems)} " +
                "Run as the service user, or choose a writable folder with --data-root FOLDER.").ConfigureAwait(false);
            return (null, 1);
        }

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = contentRoot, Args = [] });

        // Only the data root's file counts: layering it over the shipped defaults would merge channel arrays by index.
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddJsonFile(dataRoot.SettingsFile, optional: false, reloadOnChange: true);
        builder.Configuration.AddEnvironmentVariables("SDBROADCAST_");

        var (settings, problems) = SettingsLoader.Load(builder.Configuration);
        var (keys, keyProblems) = ApiKeyStore.Load(Path.Combine(dataRoot.ConfigFolder, ApiKeyStore.FileName));
        if (settings is null || keys is null)
        {
            foreach (var problem in problems.Where(p => p.Fatal))
            {
                await error.WriteLineAsync($"sdbroadcast run: {dataRoot.SettingsFile}: {problem}").ConfigureAwait(false);
            }

            foreach (var problem in keyProblems)
            {
                await error.WriteLineAsync($"sdbroadcast run: {problem}").ConfigureAwait(false);
            }

            await error.WriteLineAsync("sdbroadcast run: not started; fix the settings above.").ConfigureAwait(false);
            return (null, 1);
        }

        builder.WebHost.UseUrls(request.Urls ?? settings.Api.Urls);
        AddServiceLifetimes(builder.Services);
        AddLogging(builder, dataRoot);
        builder.Services.AddSingleton(dataRoot);
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(request);
        builder.Services.AddSingleton(sp => new PresetStore(dataRoot.PresetsFolder, sp.GetRequiredService<ILogger<PresetStore>>()));
        builder.Services.AddHostedService<PresetWatcher>();
        builder.Services.AddSingleton(_ => NdiHost.Load(dataRoot, settings));
        builder.Services.AddSingleton<SessionPool>();
        builder.Services.AddSingleton<ChannelFactory>();
        builder.Services.AddSingleton(sp => sp.GetRequiredService<ChannelFactory>().Create(settings));
        builder.Services.AddSingleton<IEnumerable<IChannelRunner>>(sp => sp.GetRequiredService<IReadOnlyList<BroadcastChannel>>());
        builder.Services.AddHostedService<ChannelSupervisor>();
        builder.Services.AddBroadcastApi(settings, keys);
        builder.Services.AddHealthChecks()
            .AddCheck("live", () => HealthCheckResult.Healthy("the service is running"), tags: ["live"])
            .AddCheck<ReadinessCheck>("ready", tags: ["ready"]);

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
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
        app.MapBroadcastApi();

        app.Logger.LogInformation("Data root: {ConfigFolder} + {StateFolder} ({Origin})", dataRoot.ConfigFolder, dataRoot.StateFolder, dataRoot.Origin);
        foreach (var problem in problems)
        {
            app.Logger.LogWarning("Configuration: {Problem}", problem.ToString());
        }

        foreach (var problem in seedProblems)
        {
            app.Logger.LogWarning("Data root: {Problem}", problem);
        }

        var ndi = app.Services.GetRequiredService<NdiHost>();
        if (ndi.Runtime is null)
        {
            app.Logger.LogWarning("NDI runtime not found, so channels run on the test pattern and publish nothing: {Reason}", ndi.Reason);
        }
        else
        {
            app.Logger.LogInformation("{Runtime}; {Config}", ndi.Reason, ndi.ConfigDescription);
        }

        if (!keys.HasKeys)
        {
            app.Logger.LogWarning("No API key is configured ({File}): only callers on this machine are served", Path.Combine(dataRoot.ConfigFolder, ApiKeyStore.FileName));
        }

        return (app, 0);
    }

    [System.Runtime.Versioning.SupportedOSPlatform("windows")]
    private static EventLogSettings EventLogSettingsForService() => new()
    {
        SourceName = ServiceName,
        Filter = (_, level) => level >= LogLevel.Warning,
    };

    /// <summary>The Windows service name, which is also its event log source (install.ps1 creates both).</summary>
    public const string ServiceName = "StreamDiffusion.Broadcast";

    private static void AddServiceLifetimes(IServiceCollection services)
    {
        services.AddWindowsService(o => o.ServiceName = ServiceName);
        services.AddSystemd();
        if (!SystemdHelpers.IsSystemdService() && Environment.GetEnvironmentVariable("NOTIFY_SOCKET") is { Length: > 0 })
        {
            // AddSystemd only recognises systemd as the parent; any manager that hands us a NOTIFY_SOCKET (systemd-run
            // --scope, supervisors, the tests) gets the same READY/STOPPING/WATCHDOG messages.
            services.AddSingleton<ISystemdNotifier, SystemdNotifier>();
            services.AddSingleton<IHostLifetime, SystemdLifetime>();
        }

        services.AddHostedService<SystemdWatchdog>();
    }

    private static void AddLogging(WebApplicationBuilder builder, DataRoot dataRoot)
    {
        // Serilog writes console and file; as a Windows service, warnings and errors also go to the Application event
        // log under the source the installer creates (install.ps1: the service name), where station monitoring looks.
        builder.Logging.ClearProviders();
        if (OperatingSystem.IsWindows() && WindowsServiceHelpers.IsWindowsService())
        {
            builder.Logging.AddEventLog(EventLogSettingsForService());
        }

        builder.Services.AddSerilog((_, logger) => logger
            .ReadFrom.Configuration(builder.Configuration)
            // Request lines carry the query string, where browser endpoints take their access token: never log them.
            .MinimumLevel.Override("Microsoft.AspNetCore.Hosting.Diagnostics", LogEventLevel.Warning)
            .Enrich.FromLogContext()
            .WriteTo.Console(formatProvider: System.Globalization.CultureInfo.InvariantCulture)
            .WriteTo.File(
                Path.Combine(dataRoot.LogsFolder, "sdbroadcast-.log"),
                restrictedToMinimumLevel: LogEventLevel.Information,
                rollingInterval: RollingInterval.Day,
                fileSizeLimitBytes: 50 * 1024 * 1024,
                rollOnFileSizeLimit: true,
                retainedFileCountLimit: 31,
                formatProvider: System.Globalization.CultureInfo.InvariantCulture),
            // Each host keeps its own logger: the static Log.Logger would route every host's events (tests build several
            // hosts in one process) to whichever host was built last.
            preserveStaticLogger: true,
            writeToProviders: true);
    }
}
