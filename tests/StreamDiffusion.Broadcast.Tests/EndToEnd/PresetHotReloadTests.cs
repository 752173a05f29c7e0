using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using StreamDiffusion.Testing;

namespace StreamDiffusion.Broadcast.Tests.EndToEnd;

/// <summary>Editing the preset on air in the data root changes the live prompt without a reset.</summary>
[Collection(TestCollections.EndToEnd)]
public sealed class PresetHotReloadTests(NdiTestRuntime ndi) : IClassFixture<NdiTestRuntime>
{
    [Fact]
    public async Task Saving_the_preset_on_air_changes_the_live_prompt_within_2_s_and_keeps_the_epoch()
    {
        var ct = TestContext.Current.CancellationToken;
        using var service = ServiceUnderTest.Start(ndi,
            $$""" "Input": "test-pattern", "Output": "{{NdiTestRuntime.UniqueSourceName("reload")}}", "ModelWidth": 64, "ModelHeight": 64, "Preset": "default" """,
            ["--synthetic-model"]);

        var channel = await service.ChannelAsync(c => c.GetProperty("state").GetString() == "live", "the channel going live");
        Assert.Equal("default", channel.GetProperty("preset").GetString());
        var epoch = channel.GetProperty("counters").GetProperty("epoch").GetInt64();
        var missed = channel.GetProperty("counters").GetProperty("missedSlots").GetInt64();

        var preset = Path.Combine(service.DataRoot, "presets", "default.json");
        File.WriteAllText(preset, """{ "schemaVersion": 1, "prompt": "a charcoal sketch", "transition": { "kind": "blend", "seconds": 0.5 } }""");
        var clock = Stopwatch.StartNew();
        channel = await service.ChannelAsync(c => c.GetProperty("prompt").GetString() == "a charcoal sketch", "the new prompt in status", seconds: 10);
        var elapsed = clock.Elapsed;

        Assert.True(elapsed <= TimeSpan.FromSeconds(2), $"the edit took {elapsed.TotalSeconds:0.00} s to reach the status");
        Assert.Equal(epoch, channel.GetProperty("counters").GetProperty("epoch").GetInt64());

        // The picture keeps being processed through the change (no reset to warm-up, no fallback to bypass).
        var processed = channel.GetProperty("counters").GetProperty("processed").GetInt64();
        channel = await service.ChannelAsync(c => c.GetProperty("counters").GetProperty("processed").GetInt64() >= processed + 30, "30 more processed frames", seconds: 30);
        Assert.Equal(epoch, channel.GetProperty("counters").GetProperty("epoch").GetInt64());

        // A broken save is rejected and the prompt on air stays.
        File.WriteAllText(preset, """{ "schemaVersion": 1, "prompt": """);
        await service.WaitUntilAsync(async () =>
        {
            var presets = await service.Http.GetFromJsonAsync<JsonElement>("/api/v1/presets", ct);
            return presets.EnumerateArray().Any(p => p.GetProperty("id").GetString() == "default" && p.GetProperty("status").GetString()!.StartsWith("rejected", StringComparison.Ordinal));
        }, "the broken save to be rejected", seconds: 10);
        channel = await service.ChannelAsync(_ => true, "a status reading");
        Assert.Equal("a charcoal sketch", channel.GetProperty("prompt").GetString());

        // ... and says so: readiness is degraded naming the file, while the channel stays live with no slot missed and no reset.
        using var ready = await service.Http.GetAsync("/health/ready", ct);
        var health = await ready.Content.ReadAsStringAsync(ct);
        Assert.Contains("Degraded", health, StringComparison.Ordinal);
        Assert.Contains("default.json rejected", health, StringComparison.Ordinal);
        channel = await service.ChannelAsync(c => c.GetProperty("state").GetString() == "live", "the channel still live");
        Assert.Equal((epoch, missed), (channel.GetProperty("counters").GetProperty("epoch").GetInt64(), channel.GetProperty("counters").GetProperty("missedSlots").GetInt64()));
    }
}
