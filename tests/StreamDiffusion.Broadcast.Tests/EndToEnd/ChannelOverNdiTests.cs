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
    public async Task A_test_pattern_goes_through_the_service_at_the_input_format_rate_and_count_with_constant_latency()
    {
        var ct = TestContext.Current.CancellationToken;
        var input = NdiTestRuntime.UniqueSourceName("in");
        var output = NdiTestRuntime.UniqueSourceName("out");
        using var sender = RunningProcess.StartSdBroadcast(["ndi", "test-pattern", "--name", input, "--size", "320x180", "--rate", "30/1", "--seconds", "120"], ndi.ApplyTo);
        using var service = ServiceUnderTest.Start(ndi,
            $$""" "Input": "*({{input}})", "Output": "{{output}}", "ModelWidth": 64, "ModelHeight": 64, "Preset": "default", "OutputDelayMs": 500 """, ["--synthetic-model"]);

        var before = await service.ChannelAsync(c => c.GetProperty("state").GetString() == "live", "the channel going live on the test pattern");
        var probing = ChildProcess.RunSdBroadcastAsync(["ndi", "probe", "--source", $"*({output})", "--seconds", "10", "--json"], TimeSpan.FromSeconds(60), ndi.ApplyTo, ct);

        // The channel's latency counter while the probe watches: capture of the input shown → its send.
        var latencies = new List<double>();
        while (!probing.IsCompleted && latencies.Count < 100)
        {
            var now = await service.ChannelAsync(_ => true, "the channel status");
            latencies.Add(now.GetProperty("counters").GetProperty("latencyMs").GetDouble());
            await Task.Delay(250, ct);
        }

        var probe = await probing;
        var after = await service.ChannelAsync(_ => true, "the channel status");
        Assert.True(probe.ExitCode == 0, $"{probe}\n--- service ---\n{service.Output}");
        using var report = JsonDocument.Parse(probe.StandardOutput);
        var root = report.RootElement;
        Assert.Equal((320, 180, "UYVY", 30, 1, "progressive"),
            (root.GetProperty("width").GetInt32(), root.GetProperty("height").GetInt32(), root.GetProperty("fourcc").GetString(),
             root.GetProperty("rateN").GetInt32(), root.GetProperty("rateD").GetInt32(), root.GetProperty("frameFormat").GetString()));

        // One frame out per frame in: the rate from NDI timestamps, and the channel's own counts over the run.
        Assert.InRange(root.GetProperty("fps").GetDouble(), 29.7, 30.3);
        var framesIn = Delta(before, after, "framesIn");
        var framesOut = Delta(before, after, "framesOut");
        Assert.True(Math.Abs(framesOut - framesIn) <= framesIn / 100.0, $"{framesIn} frames in, {framesOut} out over the run");

        // Output timecodes are the input's: they never go back and span the frames received at 30 per second.
        var frames = root.GetProperty("frames").GetInt32();
        Assert.Equal(0, root.GetProperty("timecodeBackwards").GetInt64());
        Assert.InRange(root.GetProperty("timecodeSeconds").GetDouble(), ((frames - 2) / 30.0) - 0.001, (frames / 30.0) + 0.001); // reported to 0.1 ms

        // Every frame leaves at its capture + D: the latency counter stays within one frame interval of D. (A frame the
        // model had no time for — a newer input replaced it in its mailbox on this shared 2-core machine — shows the
        // picture before it, one frame older; those are counted as dropped and may be sampled, but rarely.)
        Assert.Equal(500, after.GetProperty("outputDelayMs").GetDouble());
        Assert.True(latencies.Count >= 10, $"only {latencies.Count} status samples");
        var within = latencies.Count(l => l is >= 500 and <= 500 + (1000.0 / 30));
        Assert.True(latencies.Min() >= 500 && within >= latencies.Count * 9 / 10,
            $"latency samples {string.Join(", ", latencies.Select(l => l.ToString("F0", System.Globalization.CultureInfo.InvariantCulture)))} ms; " +
            $"{Delta(before, after, "dropped")} inputs dropped, {Delta(before, after, "skipped")} skipped, {Delta(before, after, "repeated")} repeats");
        Assert.Equal(0, Delta(before, after, "missedSlots"));
    }

    [Theory]
    [InlineData("Deinterlace", "progressive")]
    [InlineData("PassThrough", "interleaved")]
    public async Task An_interlaced_source_comes_out_as_the_interlace_policy_says(string policy, string expected)
    {
        var ct = TestContext.Current.CancellationToken;
        var input = NdiTestRuntime.UniqueSourceName("fields-in");
        var output = NdiTestRuntime.UniqueSourceName("fields-out");
        using var sender = RunningProcess.StartSdBroadcast(
            ["ndi", "test-pattern", "--name", input, "--size", "320x180", "--rate", "30000/1001", "--interlaced", "--seconds", "120"], ndi.ApplyTo);
        using var service = ServiceUnderTest.Start(ndi,
            $$""" "Input": "*({{input}})", "Output": "{{output}}", "ModelWidth": 64, "ModelHeight": 64, "Interlace": "{{policy}}" """, ["--synthetic-model"]);

        var live = await service.ChannelAsync(c => c.GetProperty("state").GetString() == "live", "the channel going live on the interlaced pattern");
        var probe = await ChildProcess.RunSdBroadcastAsync(["ndi", "probe", "--source", $"*({output})", "--seconds", "3", "--json"], TimeSpan.FromSeconds(60), ndi.ApplyTo, ct);

        Assert.True(probe.ExitCode == 0, $"{probe}\n--- service ---\n{service.Output}");
        using var report = JsonDocument.Parse(probe.StandardOutput);
        Assert.Equal((320, 180, expected), (report.RootElement.GetProperty("width").GetInt32(), report.RootElement.GetProperty("height").GetInt32(),
            report.RootElement.GetProperty("frameFormat").GetString()));
        Assert.StartsWith($"320x180@30000/1001 uyvy {expected}", live.GetProperty("outputFormat").GetString(), StringComparison.Ordinal);
    }

    private static long Delta(JsonElement before, JsonElement after, string counter) =>
        after.GetProperty("counters").GetProperty(counter).GetInt64() - before.GetProperty("counters").GetProperty(counter).GetInt64();

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
