using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using StreamDiffusion.Testing;

namespace StreamDiffusion.Broadcast.Tests.EndToEnd;

/// <summary>Editing the preset on air in the data root changes the live prompt without a reset.</summary>
[Collection(TestCollections.EndToEnd)]
public sealed class PresetHotReloadTests(NdiTestRuntime ndi) : IClassFixture<NdiTestRuntime>, IDisposable
{
    private readonly DirectoryInfo _dataRoot = Directory.CreateTempSubdirectory("sdb-reload-");

    public void Dispose() => _dataRoot.Delete(recursive: true);

    [Fact]
    public async Task Saving_the_preset_on_air_changes_the_live_prompt_within_2_s_and_keeps_the_epoch()
    {
        var ct = TestContext.Current.CancellationToken;
        var port = RunningProcess.FreeLoopbackPort();
        File.WriteAllText(Path.Combine(_dataRoot.FullName, "appsettings.json"), $$"""
            { "schemaVersion": 1,
              "Api": { "Urls": "http://127.0.0.1:{{port}}" },
              "Channels": [ { "Name": "main", "Input": "test-pattern", "Output": "{{NdiTestRuntime.UniqueSourceName("reload")}}", "ModelWidth": 64, "ModelHeight": 64, "Preset": "default" } ] }
            """);
        using var service = RunningProcess.StartSdBroadcast(["run", "--data-root", _dataRoot.FullName, "--synthetic-model"], ndi.ApplyTo);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
        JsonElement channel = default;
        async Task<bool> Read(Func<JsonElement, bool> condition)
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
        }

        await service.WaitUntilAsync(() => Read(c => c.GetProperty("state").GetString() == "live"), TimeSpan.FromSeconds(90), "the channel going live", ct);
        Assert.Equal("default", channel.GetProperty("preset").GetString());
        var epoch = channel.GetProperty("counters").GetProperty("epoch").GetInt64();

        var preset = Path.Combine(_dataRoot.FullName, "presets", "default.json");
        File.WriteAllText(preset, """{ "schemaVersion": 1, "prompt": "a charcoal sketch", "transition": { "kind": "blend", "seconds": 0.5 } }""");
        var clock = Stopwatch.StartNew();
        await service.WaitUntilAsync(() => Read(c => c.GetProperty("prompt").GetString() == "a charcoal sketch"), TimeSpan.FromSeconds(10), "the new prompt in status", ct);
        var elapsed = clock.Elapsed;

        Assert.True(elapsed <= TimeSpan.FromSeconds(2), $"the edit took {elapsed.TotalSeconds:0.00} s to reach the status");
        Assert.Equal(epoch, channel.GetProperty("counters").GetProperty("epoch").GetInt64());

        // The picture keeps being processed through the change (no reset to warm-up, no fallback to bypass).
        var processed = channel.GetProperty("counters").GetProperty("processed").GetInt64();
        await service.WaitUntilAsync(() => Read(c => c.GetProperty("counters").GetProperty("processed").GetInt64() >= processed + 30), TimeSpan.FromSeconds(30), "30 more processed frames", ct);
        Assert.Equal(epoch, channel.GetProperty("counters").GetProperty("epoch").GetInt64());

        // A broken save is rejected and the prompt on air stays.
        File.WriteAllText(preset, """{ "schemaVersion": 1, "prompt": """);
        await service.WaitUntilAsync(async () =>
        {
            var presets = await http.GetFromJsonAsync<JsonElement>("/api/v1/presets", ct);
            return presets.EnumerateArray().Any(p => p.GetProperty("id").GetString() == "default" && p.GetProperty("status").GetString()!.StartsWith("rejected", StringComparison.Ordinal));
        }, TimeSpan.FromSeconds(10), "the broken save to be rejected", ct);
        Assert.True(await Read(c => c.GetProperty("prompt").GetString() == "a charcoal sketch"));
    }
}
