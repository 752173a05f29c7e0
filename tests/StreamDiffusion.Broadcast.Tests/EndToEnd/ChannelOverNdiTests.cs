using System.Net.Http.Json;
using System.Text.Json;
using StreamDiffusion.Testing;

namespace StreamDiffusion.Broadcast.Tests.EndToEnd;

/// <summary>
/// The product as a station runs it, with the real NDI runtime in the loopback namespace: the test-pattern sender of
/// `sdbroadcast ndi test-pattern` → `sdbroadcast run --synthetic-model` → `sdbroadcast ndi probe` on its output.
/// Rates and counts come from the frames' NDI timestamps, not from wall-clock sleeps.
/// </summary>
[Collection(TestCollections.EndToEnd)]
public sealed class ChannelOverNdiTests(NdiTestRuntime ndi) : IClassFixture<NdiTestRuntime>, IDisposable
{
    private readonly DirectoryInfo _dataRoot = Directory.CreateTempSubdirectory("sdb-e2e-");

    public void Dispose() => _dataRoot.Delete(recursive: true);

    [Fact]
    public async Task A_test_pattern_goes_through_the_service_and_comes_out_at_the_input_format_and_rate()
    {
        var ct = TestContext.Current.CancellationToken;
        var input = NdiTestRuntime.UniqueSourceName("in");
        var output = NdiTestRuntime.UniqueSourceName("out");
        var port = RunningProcess.FreeLoopbackPort();
        File.WriteAllText(Path.Combine(_dataRoot.FullName, "appsettings.json"), $$"""
            { "schemaVersion": 1,
              "Api": { "Urls": "http://127.0.0.1:{{port}}" },
              "Channels": [ { "Name": "main", "Input": "*({{input}})", "Output": "{{output}}", "ModelWidth": 64, "ModelHeight": 64, "Preset": "default" } ] }
            """);

        using var sender = RunningProcess.StartSdBroadcast(["ndi", "test-pattern", "--name", input, "--size", "320x180", "--rate", "30/1", "--seconds", "120"], ndi.ApplyTo);
        using var service = RunningProcess.StartSdBroadcast(["run", "--data-root", _dataRoot.FullName, "--synthetic-model"], ndi.ApplyTo);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };

        string state = "";
        await service.WaitUntilAsync(async () =>
        {
            try
            {
                var ready = await http.GetFromJsonAsync<JsonElement>("/health/ready", ct);
                state = ready.GetProperty("checks").GetProperty("ready").GetProperty("data").GetProperty("channel:main").GetString() ?? "";
                return state.StartsWith("Live", StringComparison.Ordinal);
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(90), "the channel going live on the test pattern", ct);

        var probe = await ChildProcess.RunSdBroadcastAsync(["ndi", "probe", "--source", $"*({output})", "--seconds", "5", "--json"], TimeSpan.FromSeconds(60), ndi.ApplyTo, ct);

        Assert.True(probe.ExitCode == 0, $"{probe}\n--- service ---\n{service.Output}");
        using var report = JsonDocument.Parse(probe.StandardOutput);
        var root = report.RootElement;
        Assert.Equal((320, 180, "UYVY", 30, 1, "progressive"),
            (root.GetProperty("width").GetInt32(), root.GetProperty("height").GetInt32(), root.GetProperty("fourcc").GetString(),
             root.GetProperty("rateN").GetInt32(), root.GetProperty("rateD").GetInt32(), root.GetProperty("frameFormat").GetString()));
        // One frame out per frame in: the output rate measured from NDI timestamps equals the input's within 1 %.
        var fps = root.GetProperty("fps").GetDouble();
        Assert.InRange(fps, 29.7, 30.3);
        Assert.InRange(root.GetProperty("frames").GetInt32(), 135, 165);
    }
}
