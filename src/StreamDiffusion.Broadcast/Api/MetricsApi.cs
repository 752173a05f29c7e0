using StreamDiffusion.Broadcast.Channels;
using StreamDiffusion.Broadcast.Observability;

namespace StreamDiffusion.Broadcast.Api;

/// <summary>
/// <c>GET /metrics</c>: every channel's counters, state and histograms in the Prometheus text format, labelled
/// <c>channel="…"</c>. Values are read from the channels at scrape time; nothing is kept between scrapes.
/// </summary>
public static class MetricsApi
{
    private static readonly (string Name, string Help, Func<ChannelCountersSnapshot, long> Value)[] s_counters =
    [
        ("sdbroadcast_frames_in_total", "Input frames received.", c => c.FramesIn),
        ("sdbroadcast_frames_processed_total", "Frames the model processed.", c => c.Processed),
        ("sdbroadcast_frames_skipped_total", "Frames the similarity filter skipped (the previous processed frame stood in).", c => c.Skipped),
        ("sdbroadcast_frames_out_total", "Frames sent.", c => c.FramesOut),
        ("sdbroadcast_frames_repeated_total", "Sent frames that repeated the previous processed frame.", c => c.Repeated),
        ("sdbroadcast_frames_timer_total", "Frames the pacer's clock sent for want of an input frame (input lost or late, the output delay growing once at start-up).", c => c.TimerFrames),
        ("sdbroadcast_frames_dropped_total", "Input frames never processed because a newer one replaced them.", c => c.Dropped),
        ("sdbroadcast_frames_nan_dropped_total", "Processed frames dropped because they held NaN or Inf.", c => c.NanDropped),
        ("sdbroadcast_missed_slots_total", "Output slots the pacer could not serve in time.", c => c.MissedSlots),
    ];

    private static readonly (ChannelState State, string Label)[] s_states =
        [.. Enum.GetValues<ChannelState>().Select(s => (s, s.ToString().ToLowerInvariant()))];

    /// <summary>Maps <c>GET /metrics</c> (read scope; kept out of the OpenAPI document, which describes <c>/api/v1</c>).</summary>
    public static RouteHandlerBuilder MapMetrics(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.MapGet("/metrics", (IReadOnlyList<BroadcastChannel> channels) => Results.Text(Render(channels), PrometheusTextWriter.ContentType))
            .RequireAuthorization(ApiPolicies.Read)
            .ExcludeFromDescription();
    }

    /// <summary>The metrics page for <paramref name="channels"/>.</summary>
    public static string Render(IReadOnlyList<BroadcastChannel> channels)
    {
        ArgumentNullException.ThrowIfNull(channels);

        // One reading per channel, then family by family: the format wants each family's samples together.
        var readings = new ChannelReading[channels.Count];
        for (var i = 0; i < readings.Length; i++)
        {
            var channel = channels[i];
            readings[i] = new ChannelReading(channel.Name, channel.Counters.Snapshot(), channel.Status.Current, channel.Bypass,
                channel.Counters.LatencyHistogram.Snapshot(), channel.Counters.SendJitterHistogram.Snapshot());
        }

        var page = new PrometheusTextWriter();
        foreach (var (name, help, value) in s_counters)
        {
            page.Family(name, "counter", help);
            foreach (var r in readings)
            {
                page.Sample(value(r.Counters), ("channel", r.Name));
            }
        }

        page.Family("sdbroadcast_channel_restarts_total", "counter", "Times the supervisor restarted the channel after a fault.");
        foreach (var r in readings)
        {
            page.Sample(r.Status.Restarts, ("channel", r.Name));
        }

        page.Family("sdbroadcast_channel_state", "gauge", "1 for the state the channel is in, 0 for the others.");
        foreach (var r in readings)
        {
            foreach (var (state, label) in s_states)
            {
                page.Sample(r.Status.State == state ? 1 : 0, ("channel", r.Name), ("state", label));
            }
        }

        page.Family("sdbroadcast_channel_bypass", "gauge", "1 while the operator has put the unprocessed input on air.");
        foreach (var r in readings)
        {
            page.Sample(r.Bypass ? 1 : 0, ("channel", r.Name));
        }

        page.Family("sdbroadcast_channel_epoch", "gauge", "Stream epoch: changes only when the pipeline state is really reset.");
        foreach (var r in readings)
        {
            page.Sample(r.Counters.Epoch, ("channel", r.Name));
        }

        page.Family("sdbroadcast_last_frame_latency_seconds", "gauge", "Input-to-output latency of the last frame sent (capture of the input it shows to its send).");
        foreach (var r in readings)
        {
            page.Sample(r.Counters.LatencyMs / 1000, ("channel", r.Name));
        }

        page.Family("sdbroadcast_last_send_jitter_seconds", "gauge", "|actual - expected| interval between the last two sends.");
        foreach (var r in readings)
        {
            page.Sample(r.Counters.SendJitterMs / 1000, ("channel", r.Name));
        }

        page.Family("sdbroadcast_max_send_jitter_seconds", "gauge", "The largest send jitter since the channel was created.");
        foreach (var r in readings)
        {
            page.Sample(r.Counters.MaxSendJitterMs / 1000, ("channel", r.Name));
        }

        page.Family("sdbroadcast_frame_latency_seconds", "histogram", "Input-to-output latency of every frame sent.");
        foreach (var r in readings)
        {
            page.Histogram(r.Latency, ("channel", r.Name));
        }

        page.Family("sdbroadcast_send_jitter_seconds", "histogram", "|actual - expected| interval between consecutive sends.");
        foreach (var r in readings)
        {
            page.Histogram(r.Jitter, ("channel", r.Name));
        }

        return page.ToString();
    }

    private sealed record ChannelReading(
        string Name, ChannelCountersSnapshot Counters, ChannelStatus Status, bool Bypass, TimeHistogramSnapshot Latency, TimeHistogramSnapshot Jitter);
}
