using System.Net.Http.Json;
using System.Text.Json;
using StreamDiffusion.Onnx.Synthetic;
using StreamDiffusion.Testing;

namespace StreamDiffusion.Broadcast.Tests.EndToEnd;

/// <summary>The service starts and keeps its output alive when the machine lacks a model or the NDI runtime.</summary>
[Collection(TestCollections.EndToEnd)]
public sealed class DegradedStartTests(NdiTestRuntime ndi) : IClassFixture<NdiTestRuntime>, IDisposable
{
    private readonly DirectoryInfo _dataRoot = Directory.CreateTempSubdirectory("sdb-degraded-");

    public void Dispose() => _dataRoot.Delete(recursive: true);

    private static async Task<JsonElement> LiveChannel(RunningProcess service, HttpClient http, Func<JsonElement, bool> condition, string what)
    {
        var ct = TestContext.Current.CancellationToken;
        JsonElement channel = default;
        await service.WaitUntilAsync(async () =>
        {
            try
            {
                channel = await http.GetFromJsonAsync<JsonElement>("/api/v1/channels/main", ct);
                return condition(channel);
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(90), what, ct);
        return channel;
    }

    [Fact]
    public async Task With_the_shipped_settings_and_no_ndi_runtime_the_default_channel_runs_the_test_pattern_and_says_what_is_missing()
    {
        var port = RunningProcess.FreeLoopbackPort();
        using var service = RunningProcess.StartSdBroadcast(["run", "--data-root", _dataRoot.FullName, "--urls", $"http://127.0.0.1:{port}"], startInfo =>
        {
            ndi.ApplyTo(startInfo);
            startInfo.Environment["NDI_RUNTIME_DIR_V5"] = Path.Combine(_dataRoot.FullName, "no-ndi-here");
            startInfo.Environment["NDI_RUNTIME_DIR_V6"] = Path.Combine(_dataRoot.FullName, "no-ndi-here");
        });
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };

        var channel = await LiveChannel(service, http, c => c.GetProperty("counters").GetProperty("framesOut").GetInt64() >= 30, "30 frames out");

        Assert.Equal("modelmissing", channel.GetProperty("state").GetString());
        Assert.Contains("no model is configured", channel.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("no output (NDI runtime missing", channel.GetProperty("output").GetString(), StringComparison.Ordinal);
        Assert.Contains("https://ndi.video/", service.Output, StringComparison.Ordinal);
        Assert.False(service.HasExited);
    }

    [Fact]
    public async Task A_model_folder_missing_a_file_puts_the_input_on_air_and_names_the_file()
    {
        var models = Path.Combine(_dataRoot.FullName, "models", "broken");
        SyntheticModelFolder.Write(models, new SyntheticModelOptions { ImageSize = 64 });
        File.Delete(Path.Combine(models, "unet", "model.onnx"));
        var port = RunningProcess.FreeLoopbackPort();
        File.WriteAllText(Path.Combine(_dataRoot.FullName, "appsettings.json"), $$"""
            { "schemaVersion": 1, "Api": { "Urls": "http://127.0.0.1:{{port}}" },
              "Channels": [ { "Name": "main", "Input": "test-pattern", "Output": "{{NdiTestRuntime.UniqueSourceName("broken")}}", "Model": "broken", "ModelWidth": 64, "ModelHeight": 64 } ] }
            """);
        using var service = RunningProcess.StartSdBroadcast(["run", "--data-root", _dataRoot.FullName], ndi.ApplyTo);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };

        var channel = await LiveChannel(service, http, c => c.GetProperty("counters").GetProperty("framesOut").GetInt64() >= 30, "30 frames out");

        Assert.Equal("modelmissing", channel.GetProperty("state").GetString());
        Assert.Contains(Path.Combine("unet", "model.onnx"), channel.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }
}
