using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StreamDiffusion.Broadcast.Presets;

namespace StreamDiffusion.Broadcast.Hosting;

/// <summary>
/// <c>/health/ready</c>: healthy when every enabled channel produces processed output, degraded when output is alive
/// through a fallback or a preset file was rejected. Never touches a model or the GPU.
/// </summary>
internal sealed class ReadinessCheck(PresetStore presets) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var catalog = presets.Current;
        var reasons = new List<string>();
        foreach (var (file, problems) in catalog.Problems)
        {
            reasons.Add($"preset file {file} rejected: {problems[0].Message}");
        }

        // Channels are not run by this build yet: say so rather than claim readiness.
        reasons.Add("channels are not run by this build yet (the frame path arrives with the broadcast host issue)");
        var data = new Dictionary<string, object> { ["presets"] = catalog.Presets.Count, ["rejectedPresetFiles"] = catalog.Problems.Count };
        return Task.FromResult(HealthCheckResult.Degraded(string.Join("; ", reasons), data: data));
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
