using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using StreamDiffusion.Broadcast.Channels;

namespace StreamDiffusion.Broadcast.Tests.Api;

/// <summary><c>/metrics</c> on the real server, where channel "main" runs on the built-in test pattern.</summary>
public sealed class MetricsApiTests
{
    private static readonly Uri s_metrics = new("metrics", UriKind.Relative);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<PrometheusText> Scrape(HttpClient client)
    {
        var response = await client.GetAsync(s_metrics, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET /metrics: {(int)response.StatusCode} {body}");
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        return PrometheusText.Parse(body);
    }

    [Fact]
    public async Task The_page_parses_and_its_counters_move_while_the_channel_runs()
    {
        await using var app = await BroadcastApplication.StartAsync(withKeys: true);
        using var client = app.Client(app.ReadKey);
        var main = ("channel", "main");

        var first = await Scrape(client);
        var framesOut = first.Value("sdbroadcast_frames_out_total", main);
        var latencies = first.Value("sdbroadcast_frame_latency_seconds_count", main);
        var later = first;
        var waited = Stopwatch.StartNew();
        for (var i = 0; i < 100 && waited.Elapsed < TimeSpan.FromSeconds(10) && later.Value("sdbroadcast_frames_out_total", main) <= framesOut; i++)
        {
            await Task.Delay(100, Ct);
            later = await Scrape(client);
        }

        Assert.True(later.Value("sdbroadcast_frames_out_total", main) > framesOut, $"frames out stayed at {framesOut} for {waited.Elapsed}");
        Assert.True(later.Value("sdbroadcast_frames_in_total", main) > 0);
        Assert.True(later.Value("sdbroadcast_frame_latency_seconds_count", main) > latencies, "the latency histogram did not move");
        foreach (var name in new[]
        {
            "sdbroadcast_frames_processed_total", "sdbroadcast_frames_skipped_total", "sdbroadcast_frames_repeated_total", "sdbroadcast_frames_dropped_total",
            "sdbroadcast_frames_nan_dropped_total", "sdbroadcast_missed_slots_total", "sdbroadcast_channel_restarts_total", "sdbroadcast_channel_epoch",
            "sdbroadcast_channel_bypass", "sdbroadcast_last_frame_latency_seconds", "sdbroadcast_last_send_jitter_seconds",
            "sdbroadcast_max_send_jitter_seconds", "sdbroadcast_send_jitter_seconds_count",
        })
        {
            Assert.True(double.IsFinite(later.Value(name, main)), name);
        }

        // One series per state, exactly one of them current.
        var states = later.Families["sdbroadcast_channel_state"].Samples;
        Assert.Equal(Enum.GetNames<ChannelState>().Select(n => n.ToLowerInvariant()), states.Select(s => s.Labels["state"]));
        Assert.Single(states, s => s.Value == 1);
        Assert.All(states, s => Assert.True(s.Value is 0 or 1));
    }

    [Fact]
    public async Task The_page_needs_a_key_which_may_come_as_a_bearer_token()
    {
        await using var app = await BroadcastApplication.StartAsync(withKeys: true);
        using var anonymous = app.Client();
        using var bearer = app.Client();
        bearer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", app.ReadKey);
        using var wrongBearer = app.Client();
        wrongBearer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not-a-key");
        using var basic = app.Client();
        basic.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", app.ReadKey);

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(s_metrics, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrongBearer.GetAsync(s_metrics, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await basic.GetAsync(s_metrics, Ct)).StatusCode);
        Assert.True((await Scrape(bearer)).Value("sdbroadcast_frames_in_total", ("channel", "main")) >= 0);

        // The bearer form is the same key with the same scope: a read key still may not change what is on air.
        var control = await bearer.PostAsync(new Uri("api/v1/channels/main/bypass", UriKind.Relative),
            new StringContent("""{ "enabled": true }""", System.Text.Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.Forbidden, control.StatusCode);
    }

    [Fact]
    public async Task Without_configured_keys_loopback_scrapers_are_served()
    {
        await using var app = await BroadcastApplication.StartAsync(withKeys: false);
        using var client = app.Client();

        Assert.Contains("sdbroadcast_frames_out_total", (await Scrape(client)).Families.Keys);
    }
}
