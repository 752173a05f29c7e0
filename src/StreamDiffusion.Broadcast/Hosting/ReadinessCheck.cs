using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StreamDiffusion.Broadcast.Channels;
using StreamDiffusion.Broadcast.Presets;

namespace StreamDiffusion.Broadcast.Hosting;

/// <summary>
/// <c>/health/ready</c>: healthy when every enabled channel puts processed output on air, degraded when output is alive
/// through a fallback (bypass, warm-up, hold, input loss) or a preset file was rejected, unhealthy when a channel
/// faulted. Reads status only; never touches a model or the GPU.
/// </summary>
internal sealed class ReadinessCheck(PresetStore presets, IReadOnlyList<BroadcastChannel> channels) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var catalog = presets.Current;
        var reasons = new List<string>();
        foreach (var (file, problems) in catalog.Problems)
        {
            reasons.Add($"preset file {file} rejected: {problems[0].Message}");
        }

        var data = new Dictionary<string, object> { ["presets"] = catalog.Presets.Count, ["rejectedPresetFiles"] = catalog.Problems.Count };
        var faulted = false;
        foreach (var channel in channels)
        {
            var status = channel.Status.Current;
            data[$"channel:{channel.Name}"] = $"{status.State}: {status.Reason}";
            if (status.State == ChannelState.Faulted)
            {
                faulted = true;
            }

            if (status.State != ChannelState.Live)
            {
                reasons.Add($"channel {channel.Name} is {status.State.ToString().ToLowerInvariant()}: {status.Reason}");
            }
        }

        if (channels.Count == 0)
        {
            reasons.Add("no channel is enabled in appsettings.json");
        }

        var description = reasons.Count == 0 ? "every channel is live" : string.Join("; ", reasons);
        return Task.FromResult(faulted
            ? HealthCheckResult.Unhealthy(description, data: data)
            : reasons.Count == 0 ? HealthCheckResult.Healthy(description, data) : HealthCheckResult.Degraded(description, data: data));
    }

    /// <summary>Writes the report as JSON: status, description and data of each check.</summary>
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description, data = e.Value.Data }),
        };
        return JsonSerializer.SerializeAsync(context.Response.Body, body, cancellationToken: context.RequestAborted);
    }
}
