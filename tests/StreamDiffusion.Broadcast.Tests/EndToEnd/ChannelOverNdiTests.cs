using System.Text.Json;
using StreamDiffusion.Testing;

namespace StreamDiffusion.Broadcast.Tests.EndToEnd;

/// <summary>
/// The product as a station runs it, with the real NDI runtime in the loopback namespace: the test-pattern sender of
/// `sdbroadcast ndi test-pattern` → `sdbroadcast run --synthetic-model` → `sdbroadcast ndi probe` on its output.
/// Rates and counts come from the frames' NDI timestamps, not from wall-clock sleeps.
/// </summary>
[Collection(TestCollections.EndToEnd)]
public sealed class ChannelOverNdiTests(NdiTestRuntime ndi) : IClassFixture<NdiTestRuntime>
{
    [Fact]
    public async Task A_test_pattern_goes_through_the_service_and_comes_out_at_the_input_format_and_rate()
    {
        var ct = TestContext.Current.CancellationToken;
        var input = NdiTestRuntime.UniqueSourceName("in");
        var output = NdiTestRuntime.UniqueSourceName("out");
        using var sender = RunningProcess.StartSdBroadcast(["ndi", "test-pattern", "--name", input, "--size", "320x180", "--rate", "30/1", "--seconds", "120"], ndi.ApplyTo);
        using var service = ServiceUnderTest.Start(ndi,
            $$""" "Input": "*({{input}})", "Output": "{{output}}", "ModelWidth": 64, "ModelHeight": 64, "Preset": "default" """, ["--synthetic-model"]);

        await service.ChannelAsync(c => c.GetProperty("state").GetString() == "live", "the channel going live on the test pattern");
        var probe = await ChildProcess.RunSdBroadcastAsync(["ndi", "probe", "--source", $"*({output})", "--seconds", "5", "--json"], TimeSpan.FromSeconds(60), ndi.ApplyTo, ct);

        Assert.True(probe.ExitCode == 0, $"{probe}\n--- service ---\n{service.Output}");
        using var report = JsonDocument.Parse(probe.StandardOutput);
        var root = report.RootElement;
        Assert.Equal((320, 180, "UYVY", 30, 1, "progressive"),
            (root.GetProperty("width").GetInt32(), root.GetProperty("height").GetInt32(), root.GetProperty("fourcc").GetString(),
             root.GetProperty("rateN").GetInt32(), root.GetProperty("rateD").GetInt32(), root.GetProperty("frameFormat").GetString()));
        // One frame out per frame in: the output rate measured from NDI timestamps equals the input's within 1 %.
        Assert.InRange(root.GetProperty("fps").GetDouble(), 29.7, 30.3);
        Assert.InRange(root.GetProperty("frames").GetInt32(), 135, 165);
    }

    [Fact]
    public async Task A_source_that_disappears_shows_the_input_loss_policy_and_is_taken_back_when_it_returns()
    {
        var input = NdiTestRuntime.UniqueSourceName("flaky-in");
        string[] sendArguments = ["ndi", "test-pattern", "--name", input, "--size", "320x180", "--rate", "30/1", "--seconds", "120"];
        var sender = RunningProcess.StartSdBroadcast(sendArguments, ndi.ApplyTo);
        using var service = ServiceUnderTest.Start(ndi,
            $$""" "Input": "*({{input}})", "Output": "{{NdiTestRuntime.UniqueSourceName("flaky-out")}}", "ModelWidth": 64, "ModelHeight": 64, "OnInputLoss": "Slate" """,
            ["--synthetic-model"]);
        try
        {
            await service.ChannelAsync(c => c.GetProperty("state").GetString() == "live", "the channel going live");

            sender.Dispose();
            var lost = await service.ChannelAsync(c => c.GetProperty("state").GetString() == "inputlost", "the input-loss policy after the source went away");
            var framesOutWhileLost = lost.GetProperty("counters").GetProperty("framesOut").GetInt64();
            await service.ChannelAsync(
                c => c.GetProperty("counters").GetProperty("framesOut").GetInt64() >= framesOutWhileLost + 30, "30 slate frames while the source is away");

            sender = RunningProcess.StartSdBroadcast(sendArguments, ndi.ApplyTo);
            var back = await service.ChannelAsync(c => c.GetProperty("state").GetString() == "live", "the channel live again on the returned source");

            Assert.Equal(0, back.GetProperty("counters").GetProperty("missedSlots").GetInt64());
            Assert.False(service.HasExited);
        }
        finally
        {
            sender.Dispose();
        }
    }
}
