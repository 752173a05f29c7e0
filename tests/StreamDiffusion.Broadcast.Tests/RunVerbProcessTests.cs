using System.Text.Json;
using StreamDiffusion.Testing;

namespace StreamDiffusion.Broadcast.Tests;

/// <summary><c>sdbroadcast run</c> as a child process: data root seeding, health endpoints, refusal of bad settings.</summary>
[Collection(TestCollections.EndToEnd)]
public sealed class RunVerbProcessTests(NdiTestRuntime ndi) : IClassFixture<NdiTestRuntime>, IDisposable
{
    private readonly DirectoryInfo _dataRoot = Directory.CreateTempSubdirectory("sdb-dataroot-");

    public void Dispose() => _dataRoot.Delete(recursive: true);

    [Fact]
    public async Task Run_seeds_an_empty_data_root_and_serves_health_on_loopback()
    {
        var ct = TestContext.Current.CancellationToken;
        var port = RunningProcess.FreeLoopbackPort();
        using var service = RunningProcess.StartSdBroadcast(["run", "--data-root", _dataRoot.FullName, "--urls", $"http://127.0.0.1:{port}"], ndi.ApplyTo);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };

        await service.WaitUntilAsync(async () =>
        {
            try
            {
                return (await http.GetAsync(new Uri("/health/live", UriKind.Relative), ct)).IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(30), "/health/live answering", ct);

        Assert.True(File.Exists(Path.Combine(_dataRoot.FullName, "appsettings.json")));
        Assert.True(File.Exists(Path.Combine(_dataRoot.FullName, "presets", "default.json")));
        using var ready = JsonDocument.Parse(await http.GetStringAsync(new Uri("/health/ready", UriKind.Relative), ct));
        var check = ready.RootElement.GetProperty("checks").GetProperty("ready");
        Assert.Equal(2, check.GetProperty("data").GetProperty("presets").GetInt32());
        Assert.Equal("Degraded", ready.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Run_never_overwrites_the_stations_files()
    {
        var settings = Path.Combine(_dataRoot.FullName, "appsettings.json");
        File.WriteAllText(settings, """{ "schemaVersion": 1, "Channels": [ { "Name": "a", "Output": "A", "ModelWdth": 512 } ] }""");

        var result = await ChildProcess.RunSdBroadcastAsync(["run", "--data-root", _dataRoot.FullName], TimeSpan.FromSeconds(60), ndi.ApplyTo, TestContext.Current.CancellationToken);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("ModelWdth", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("not started", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("ModelWdth", File.ReadAllText(settings), StringComparison.Ordinal);
    }
}
