using Microsoft.Extensions.Configuration;

namespace StreamDiffusion.Broadcast.Configuration;

/// <summary>
/// Binds <see cref="BroadcastSettings"/> from configuration strictly: a misspelt key or a value of the wrong type is a
/// problem with its path, not a silently ignored setting.
/// </summary>
public static class SettingsLoader
{
    /// <summary>Binds and validates; the settings are null when a fatal problem was found.</summary>
    public static (BroadcastSettings? Settings, IReadOnlyList<SettingsProblem> Problems) Load(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var problems = new List<SettingsProblem>();
        var settings = new BroadcastSettings();
        var version = configuration["schemaVersion"];
        if (version is not null && !int.TryParse(version, out _))
        {
            problems.Add(new("schemaVersion", $"\"{version}\" is not a whole number; use {BroadcastSettings.CurrentSchemaVersion}.", Fatal: true));
        }
        else
        {
            settings.SchemaVersion = version is null ? 0 : int.Parse(version, System.Globalization.CultureInfo.InvariantCulture);
        }

        foreach (var (section, target) in new (string, object)[] { ("Api", settings.Api), ("Ndi", settings.Ndi), ("Channels", settings.Channels) })
        {
            try
            {
                configuration.GetSection(section).Bind(target, o => o.ErrorOnUnknownConfiguration = true);
            }
            catch (InvalidOperationException e)
            {
                problems.Add(new(section, $"{Describe(e)} Fix the key or value in appsettings.json (names and allowed values are listed in its comments).", Fatal: true));
            }
        }

        problems.AddRange(SettingsValidator.Validate(settings));
        return (problems.Any(p => p.Fatal) ? null : settings, problems);
    }

    // The binder's messages name the path and the type ("Failed to convert configuration value at 'Channels:0:ModelWidth'
    // to type 'System.Int32'" or "'Foo' was not found on type ..."); keep the first line, drop the inner stack.
    private static string Describe(InvalidOperationException e)
    {
        var message = (e.InnerException is null ? e.Message : $"{e.Message} ({e.InnerException.Message})").ReplaceLineEndings(" ");
        return message.TrimEnd('.') + ".";
    }
}
