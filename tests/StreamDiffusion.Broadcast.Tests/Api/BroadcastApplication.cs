using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using StreamDiffusion.Broadcast.Api;
using StreamDiffusion.Broadcast.Hosting;

namespace StreamDiffusion.Broadcast.Tests.Api;

/// <summary>
/// The whole service built by <see cref="BroadcastHost.BuildAsync"/> over a temporary data root and started on real
/// Kestrel at 127.0.0.1 on a free port; tests speak HTTP to it.
/// </summary>
public sealed class BroadcastApplication : IAsyncDisposable
{
    private readonly DirectoryInfo _dataRoot;
    private readonly WebApplication _app;

    private BroadcastApplication(DirectoryInfo dataRoot, WebApplication app, Uri address)
    {
        _dataRoot = dataRoot;
        _app = app;
        Address = address;
    }

    /// <summary>Base address, e.g. http://127.0.0.1:40123/.</summary>
    public Uri Address { get; }

    /// <summary>The data root folder.</summary>
    public string DataRoot => _dataRoot.FullName;

    /// <summary>The running application's services.</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>A read key and a control key, configured when the application was started with keys.</summary>
    public string? ReadKey { get; private init; }

    /// <summary>The control key.</summary>
    public string? ControlKey { get; private init; }

    /// <summary>
    /// Starts the service; <paramref name="withKeys"/> writes api-keys.json with a read and a control key;
    /// <paramref name="syntheticModel"/> runs the channel on 64×64 synthetic models (as <c>run --synthetic-model</c>);
    /// <paramref name="debugLog"/> also logs every category at Debug, with all properties, to logs/debug.json;
    /// <paramref name="extraChannelSettings"/> (e.g. <c>, "Model": "sd"</c>) is added to the channel "main".
    /// </summary>
    public static async Task<BroadcastApplication> StartAsync(
        bool withKeys, int controlRequestsPerSecond = 20, string? extraApiSettings = null, bool syntheticModel = false, bool debugLog = false,
        string? extraChannelSettings = null)
    {
        var dataRoot = Directory.CreateTempSubdirectory("sdb-api-");
        var model = syntheticModel ? """, "ModelWidth": 64, "ModelHeight": 64""" : "";
        var serilog = debugLog
            ? $$"""{ "MinimumLevel": { "Default": "Debug" }, "WriteTo": [ { "Name": "File", "Args": { "path": {{System.Text.Json.JsonSerializer.Serialize(Path.Combine(dataRoot.FullName, "logs", "debug.json"))}}, "formatter": "Serilog.Formatting.Json.JsonFormatter, Serilog" } } ] }"""
            : """{ "MinimumLevel": { "Default": "Information" } }""";
        File.WriteAllText(Path.Combine(dataRoot.FullName, "appsettings.json"), $$"""
            {
              "schemaVersion": 1,
              "Api": { "Urls": "http://127.0.0.1:0", "ControlRequestsPerSecond": {{controlRequestsPerSecond}} {{extraApiSettings}} },
              "Channels": [ { "Name": "main", "Output": "Test output" {{model}} {{extraChannelSettings}} } ],
              "Serilog": {{serilog}}
            }
            """);
        string? readKey = null, controlKey = null;
        if (withKeys)
        {
            readKey = ApiKeyStore.Generate();
            controlKey = ApiKeyStore.Generate();
            File.WriteAllText(Path.Combine(dataRoot.FullName, ApiKeyStore.FileName), $$"""
                { "schemaVersion": 1, "keys": [
                  { "name": "dashboard", "scope": "read", "sha256": "{{ApiKeyStore.HashHex(readKey)}}" },
                  { "name": "companion", "scope": "control", "sha256": "{{ApiKeyStore.HashHex(controlKey)}}" } ] }
                """);
        }

        using var error = new StringWriter();
        var (app, exitCode) = await BroadcastHost.BuildAsync(new RunRequest(dataRoot.FullName, null, syntheticModel), error);
        Assert.True(app is not null, $"the service did not build (exit {exitCode}): {error}");
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new BroadcastApplication(dataRoot, app, new Uri(address + "/")) { ReadKey = readKey, ControlKey = controlKey };
    }

    /// <summary>A client for the service, optionally sending <paramref name="key"/> as X-Api-Key.</summary>
    public HttpClient Client(string? key = null)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(10) };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add(ApiKeyAuthentication.HeaderName, key);
        }

        return client;
    }

    /// <summary>Everything the service logged to its files so far.</summary>
    public string ReadLogFiles()
    {
        var text = new System.Text.StringBuilder();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(DataRoot, "logs")))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            text.Append(reader.ReadToEnd());
        }

        return text.ToString();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        _dataRoot.Delete(recursive: true);
    }
}
