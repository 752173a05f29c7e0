using System.Text.RegularExpressions;

namespace StreamDiffusion.Broadcast.Configuration;

/// <summary>One configuration problem: the setting's path and what to do about it.</summary>
/// <param name="Setting">Configuration path, e.g. <c>Channels:0:ModelWidth</c>.</param>
/// <param name="Message">What is wrong and the fix.</param>
/// <param name="Fatal">True when the service cannot start with it; false when it only runs degraded.</param>
public sealed record SettingsProblem(string Setting, string Message, bool Fatal)
{
    /// <inheritdoc />
    public override string ToString() => $"{Setting}: {Message}";
}

/// <summary>Validates <see cref="BroadcastSettings"/> and reports every problem at once.</summary>
public static partial class SettingsValidator
{
    /// <summary>Every problem in <paramref name="settings"/>; empty when all is well.</summary>
    public static IReadOnlyList<SettingsProblem> Validate(BroadcastSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var problems = new List<SettingsProblem>();
        if (settings.SchemaVersion != BroadcastSettings.CurrentSchemaVersion)
        {
            problems.Add(new("schemaVersion", settings.SchemaVersion == 0
                ? $"is missing; add \"schemaVersion\": {BroadcastSettings.CurrentSchemaVersion} at the top of appsettings.json."
                : $"{settings.SchemaVersion} is not supported by this build (it reads version {BroadcastSettings.CurrentSchemaVersion}); " +
                  (settings.SchemaVersion > BroadcastSettings.CurrentSchemaVersion ? "upgrade sdbroadcast or restore the previous appsettings.json." : "rewrite the file from the shipped appsettings.json."),
                Fatal: true));
        }

        if (!Uri.TryCreate(settings.Api.Urls.Split(';')[0], UriKind.Absolute, out _))
        {
            problems.Add(new("Api:Urls", $"\"{settings.Api.Urls}\" is not a URL; use e.g. http://127.0.0.1:7860.", Fatal: true));
        }

        if (settings.Api.ControlRequestsPerSecond is < 1 or > 1000)
        {
            problems.Add(new("Api:ControlRequestsPerSecond", $"{settings.Api.ControlRequestsPerSecond} is out of range; use 1 to 1000.", Fatal: true));
        }

        if (settings.Api.MaxEventStreams is < 1 or > 1000)
        {
            problems.Add(new("Api:MaxEventStreams", $"{settings.Api.MaxEventStreams} is out of range; use 1 to 1000.", Fatal: true));
        }

        foreach (var origin in settings.Api.AllowedOrigins)
        {
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.AbsolutePath != "/" || uri.Query.Length > 0)
            {
                problems.Add(new("Api:AllowedOrigins", $"\"{origin}\" is not an origin; write scheme://host[:port] with no path, e.g. https://control.example.com.", Fatal: true));
            }
        }

        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var outputs = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < settings.Channels.Count; i++)
        {
            var channel = settings.Channels[i];
            var at = $"Channels:{i}";
            if (!ChannelName().IsMatch(channel.Name))
            {
                problems.Add(new($"{at}:Name", $"\"{channel.Name}\" is not a channel name; use 1–32 letters, digits, '-' or '_', e.g. \"main\".", Fatal: true));
            }
            else if (!names.Add(channel.Name))
            {
                problems.Add(new($"{at}:Name", $"\"{channel.Name}\" is used by two channels; give each channel its own name.", Fatal: true));
            }

            if (string.IsNullOrWhiteSpace(channel.Output))
            {
                problems.Add(new($"{at}:Output", "is empty; name the NDI source this channel publishes, e.g. \"StreamDiffusion\".", Fatal: true));
            }
            else if (!outputs.Add(channel.Output))
            {
                problems.Add(new($"{at}:Output", $"\"{channel.Output}\" is published by two channels; NDI source names must be unique.", Fatal: true));
            }

            if (string.IsNullOrWhiteSpace(channel.Input))
            {
                problems.Add(new($"{at}:Input", "is empty; use an NDI source name \"MACHINE (Source)\", a pattern, or \"test-pattern\".", Fatal: true));
            }

            foreach (var (value, axis) in new[] { (channel.ModelWidth, "ModelWidth"), (channel.ModelHeight, "ModelHeight") })
            {
                if (value < 64 || value > 2048 || value % 64 != 0)
                {
                    problems.Add(new($"{at}:{axis}", $"{value} is not a multiple of 64 in [64, 2048]; use e.g. 512, 576, 768 or 1024.", Fatal: true));
                }
            }

            if (channel.OutputDelayMs is < 0 or > 10_000)
            {
                problems.Add(new($"{at}:OutputDelayMs", $"{channel.OutputDelayMs} is out of range; use 0 (measure at start-up) to 10000 ms.", Fatal: true));
            }

            if (!string.IsNullOrEmpty(channel.OutputFormat) && !VideoFormatText.TryParseFormat(channel.OutputFormat, out _))
            {
                problems.Add(new($"{at}:OutputFormat", $"\"{channel.OutputFormat}\" is not a video format; write {VideoFormatText.FormatHelp}, or leave it empty to take the first input's format.", Fatal: true));
            }

            if (channel.BypassAfterMs is < 40 or > 60_000)
            {
                problems.Add(new($"{at}:BypassAfterMs", $"{channel.BypassAfterMs} is out of range; use 40 to 60000 ms.", Fatal: true));
            }

            if (string.IsNullOrWhiteSpace(channel.Model))
            {
                problems.Add(new($"{at}:Model", "no model folder is configured, so the channel runs in bypass; put a model folder in the data root's models folder (data/models when run from source; docs/onnx-models.md) and name it here.", Fatal: false));
            }
        }

        return problems;
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,32}$")]
    private static partial Regex ChannelName();
}
