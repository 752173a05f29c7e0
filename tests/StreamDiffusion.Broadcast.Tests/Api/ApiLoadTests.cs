using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using StreamDiffusion.Broadcast.Channels;
using StreamDiffusion.Broadcast.Channels.Inputs;

namespace StreamDiffusion.Broadcast.Tests.Api;

/// <summary>
/// A bounded load test on loopback: a few clients mix status reads, scrapes and control calls while channel "main" runs,
/// for at most <see cref="Duration"/> and <see cref="MaxRequests"/> requests, each client offering at most
/// <see cref="RequestsPerSecondPerClient"/> (together ten times the default control rate limit: far more than Stream Decks
/// and dashboards send). It asserts correctness under load (no 5xx, only 2xx or 429, no missed output slot), never speed:
/// the latency percentiles are printed for the record. It runs alone (end-to-end collection), so that the slots it
/// counts are the API's doing, not another test's.
/// </summary>
[Collection(StreamDiffusion.Testing.TestCollections.EndToEnd)]
public sealed class ApiLoadTests
{
    private const int Clients = 4;
    private const int MaxRequests = 3000;
    private const int RequestsPerSecondPerClient = 50;
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(8);
    private static readonly TimeSpan IdleWindow = TimeSpan.FromSeconds(2);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record Outcome(string Kind, int Status, double Milliseconds, int Sequence);

    [Fact]
    public async Task Concurrent_status_and_control_calls_get_no_5xx_and_cost_the_pacer_no_slot()
    {
        await using var app = await BroadcastApplication.StartAsync(withKeys: true, controlRequestsPerSecond: 1000);
        var channel = app.Services.GetRequiredService<IReadOnlyList<BroadcastChannel>>().Single(c => c.Name == "main");
        var ready = Stopwatch.StartNew();
        while (channel.Counters.Snapshot().FramesOut == 0 && ready.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(50, Ct);
        }

        Assert.True(channel.Counters.Snapshot().FramesOut > 0, "the channel sent nothing before the load started");

        // The same channel without API load, as the control for what the load changes.
        var idleStart = channel.Counters.Snapshot();
        var idle = Stopwatch.StartNew();
        await Task.Delay(IdleWindow, Ct);
        var idleEnd = channel.Counters.Snapshot();
        var idleElapsed = idle.Elapsed;

        var before = channel.Counters.Snapshot();
        var issued = 0;
        var run = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, Clients).Select(worker => Task.Run(async () =>
        {
            using var read = app.Client(app.ReadKey);
            using var control = app.Client(app.ControlKey);
            var outcomes = new List<Outcome>();
            for (var i = worker; run.Elapsed < Duration && Interlocked.Increment(ref issued) <= MaxRequests; i++)
            {
                // An open-loop schedule: request n of this client is due n / rate seconds into the run.
                var due = TimeSpan.FromSeconds((double)outcomes.Count / RequestsPerSecondPerClient);
                if (due > run.Elapsed)
                {
                    await Task.Delay(due - run.Elapsed, Ct);
                }

                var (kind, send) = (i % 10) switch
                {
                    0 => ("bypass", Post(control, "api/v1/channels/main/bypass", """{ "enabled": true }""")),
                    1 => ("bypass", Post(control, "api/v1/channels/main/bypass", """{ "enabled": false }""")),
                    2 => ("preset", Post(control, "api/v1/channels/main/preset", """{ "preset": "neon", "transition": { "kind": "cut" } }""")),
                    3 => ("preset", Post(control, "api/v1/channels/main/preset", """{ "preset": 1, "transition": { "kind": "blend", "seconds": 0.5 } }""")),
                    4 => ("metrics", Get(read, "metrics")),
                    _ => ("status", Get(read, "api/v1/channels/main")),
                };
                var started = Stopwatch.GetTimestamp();
                using var response = await send();
                await response.Content.LoadIntoBufferAsync(Ct);
                outcomes.Add(new Outcome(kind, (int)response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds, outcomes.Count));
            }

            return outcomes;
        }, Ct)).ToList();
        var all = (await Task.WhenAll(workers)).SelectMany(o => o).ToList();
        var elapsed = run.Elapsed;
        var after = channel.Counters.Snapshot();

        Report(all, elapsed, (idleStart, idleEnd, idleElapsed), (before, after, elapsed));
        Assert.NotEmpty(all);
        Assert.DoesNotContain(all, o => o.Status >= 500);
        Assert.All(all, o => Assert.True(o.Status is (>= 200 and < 300) or 429, $"{o.Kind}: {o.Status}"));
        Assert.True(after.FramesOut > before.FramesOut, "the channel stopped sending during the run");
        Assert.True(after.MissedSlots == before.MissedSlots, $"the pacer missed {after.MissedSlots - before.MissedSlots} slots under API load");
    }

    private static Func<Task<HttpResponseMessage>> Get(HttpClient client, string path) =>
        () => client.GetAsync(new Uri(path, UriKind.Relative), Ct);

    private static Func<Task<HttpResponseMessage>> Post(HttpClient client, string path, string json) =>
        () => client.PostAsync(new Uri(path, UriKind.Relative), new StringContent(json, Encoding.UTF8, "application/json"), Ct);

    private static void Report(
        List<Outcome> all, TimeSpan elapsed,
        (ChannelCountersSnapshot Start, ChannelCountersSnapshot End, TimeSpan Elapsed) idle,
        (ChannelCountersSnapshot Start, ChannelCountersSnapshot End, TimeSpan Elapsed) load)
    {
        var output = TestContext.Current.TestOutputHelper;
        if (output is null)
        {
            return;
        }

        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c, $"{all.Count} requests from {Clients} clients in {elapsed.TotalSeconds:F1} s ({all.Count / elapsed.TotalSeconds:F0}/s); " +
            $"status: {string.Join(", ", all.GroupBy(o => o.Status).OrderBy(g => g.Key).Select(g => $"{g.Key}×{g.Count()}"))}"));
        foreach (var group in all.GroupBy(o => o.Kind).OrderBy(g => g.Key, StringComparer.Ordinal).Prepend(all.GroupBy(_ => "all").Single()))
        {
            var ms = group.Select(o => o.Milliseconds).Order().ToArray();
            output.WriteLine(string.Create(c,
                $"{group.Key,-8} n={ms.Length,5}  p50={Percentile(ms, 50),7:F2} ms  p95={Percentile(ms, 95),7:F2} ms  p99={Percentile(ms, 99),7:F2} ms  max={ms[^1],7:F2} ms"));
        }

        output.WriteLine("slowest: " + string.Join(", ", all.OrderByDescending(o => o.Milliseconds).Take(5)
            .Select(o => string.Create(c, $"{o.Kind} (request {o.Sequence + 1} of its client) {o.Milliseconds:F0} ms"))));

        // The nominal rate is printed beside the measured ones: MissedSlots counts only slots lost while the pacer runs on
        // its own timer, so an output that follows a late input runs slow without a missed slot (see docs/benchmarks.md).
        var nominal = (double)FrameRate.Default.RateN / FrameRate.Default.RateD;
        foreach (var (name, (start, end, span)) in new[] { ("idle", idle), ("load", load) })
        {
            var seconds = span.TotalSeconds;
            output.WriteLine(string.Create(c,
                $"channel main, {name,-4} {seconds:F1} s: frames in {(end.FramesIn - start.FramesIn) / seconds:F1}/s, out {(end.FramesOut - start.FramesOut) / seconds:F1}/s of {nominal:F2}/s " +
                $"(repeated +{end.Repeated - start.Repeated}), missed slots +{end.MissedSlots - start.MissedSlots}, last latency {end.LatencyMs:F1} ms"));
        }
    }

    // Nearest rank on sorted values.
    private static double Percentile(double[] sorted, int percent) =>
        sorted[Math.Clamp((int)Math.Ceiling(percent / 100.0 * sorted.Length) - 1, 0, sorted.Length - 1)];
}
