namespace StreamDiffusion.Broadcast.Hosting;

/// <summary>
/// Where the service keeps what belongs to the station rather than to the release: configuration and presets
/// (<see cref="ConfigFolder"/>) and models, logs, NDI config and caches (<see cref="StateFolder"/>). The content root
/// (binaries and shipped defaults) is replaced on upgrade; these folders never are.
/// </summary>
/// <param name="ConfigFolder">Holds appsettings.json and presets/.</param>
/// <param name="StateFolder">Holds models/, logs/, ndi/ and cache/.</param>
/// <param name="Origin">How the folders were chosen, for <c>check</c> and the log.</param>
public sealed record DataRoot(string ConfigFolder, string StateFolder, string Origin)
{
    /// <summary>Environment variable that names a data root folder (both parts in one folder).</summary>
    public const string EnvironmentVariable = "SDBROADCAST_DATA_ROOT";

    /// <summary>The preset folder.</summary>
    public string PresetsFolder => Path.Combine(ConfigFolder, "presets");

    /// <summary>The station's configuration file.</summary>
    public string SettingsFile => Path.Combine(ConfigFolder, "appsettings.json");

    /// <summary>Model folders.</summary>
    public string ModelsFolder => Path.Combine(StateFolder, "models");

    /// <summary>The folder of a channel's <c>Model</c> setting: absolute as given, else under <see cref="ModelsFolder"/>.</summary>
    public string ModelFolderFor(string model) => Path.IsPathRooted(model) ? model : Path.Combine(ModelsFolder, model);

    /// <summary>Rolling log files.</summary>
    public string LogsFolder => Path.Combine(StateFolder, "logs");

    /// <summary>The service-owned ndi-config.v1.json (unless NDI_CONFIG_DIR is set by the operator).</summary>
    public string NdiConfigFolder => Path.Combine(StateFolder, "ndi");

    /// <summary>
    /// Chooses the data root: the command-line folder, else <see cref="EnvironmentVariable"/>, else the repository when
    /// run from source, else the platform's service folders.
    /// </summary>
    /// <param name="commandLineFolder">The <c>--data-root</c> value, if given.</param>
    /// <param name="contentRoot">The folder of the binaries.</param>
    /// <param name="environment">Reads an environment variable (injected for tests).</param>
    public static DataRoot Resolve(string? commandLineFolder, string contentRoot, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (!string.IsNullOrWhiteSpace(commandLineFolder))
        {
            var full = Path.GetFullPath(commandLineFolder);
            return new DataRoot(full, full, "--data-root");
        }

        if (environment(EnvironmentVariable) is { Length: > 0 } fromEnvironment)
        {
            var full = Path.GetFullPath(fromEnvironment);
            return new DataRoot(full, full, EnvironmentVariable);
        }

        if (FindSourceCheckout(contentRoot) is { } repository)
        {
            return new DataRoot(repository, Path.Combine(repository, "data"), "run from source (repository folder)");
        }

        if (OperatingSystem.IsWindows())
        {
            var programData = Environment.GetFolderPath(Environment.SpecialFolder.CommonApplicationData);
            var folder = Path.Combine(programData, "StreamDiffusion.Broadcast");
            return new DataRoot(folder, folder, "%ProgramData%");
        }

        return new DataRoot("/etc/sdbroadcast", "/var/lib/sdbroadcast", "Linux service folders");
    }

    /// <summary>
    /// Copies shipped defaults (appsettings.json, presets/*.json) from <paramref name="contentRoot"/> into the data root
    /// where they are absent; never overwrites a station's file. A folder the service may not write (a read-only
    /// /etc/sdbroadcast under systemd's ProtectSystem) is reported, not fatal: what is there is used as it is.
    /// </summary>
    /// <returns>The files written, and one sentence per file or folder that could not be written.</returns>
    public (IReadOnlyList<string> Written, IReadOnlyList<string> Problems) SeedFrom(string contentRoot)
    {
        var written = new List<string>();
        var problems = new List<string>();
        foreach (var folder in new[] { ConfigFolder, PresetsFolder, StateFolder, ModelsFolder, LogsFolder })
        {
            try
            {
                Directory.CreateDirectory(folder);
            }
            catch (Exception e) when (e is UnauthorizedAccessException or IOException)
            {
                problems.Add($"{folder} cannot be created ({e.Message}); create it or choose another data root with --data-root.");
            }
        }

        CopyIfAbsent(Path.Combine(contentRoot, "appsettings.json"), SettingsFile, written, problems);
        var shippedPresets = Path.Combine(contentRoot, "presets");
        if (Directory.Exists(shippedPresets))
        {
            foreach (var preset in Directory.EnumerateFiles(shippedPresets, "*.json"))
            {
                CopyIfAbsent(preset, Path.Combine(PresetsFolder, Path.GetFileName(preset)), written, problems);
            }
        }

        return (written, problems);
    }

    private static void CopyIfAbsent(string source, string target, List<string> written, List<string> problems)
    {
        if (!File.Exists(source) || File.Exists(target) || Path.GetFullPath(source) == Path.GetFullPath(target))
        {
            return;
        }

        try
        {
            File.Copy(source, target, overwrite: false);
            written.Add(target);
        }
        catch (IOException) when (File.Exists(target))
        {
            // Another instance seeded it first; the station's file wins either way.
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            problems.Add($"the shipped default {Path.GetFileName(target)} could not be copied to {target} ({e.Message}).");
        }
    }

    // Binaries under <repo>/src/StreamDiffusion.Broadcast/bin/... or <repo>/artifacts/... mean "run from source".
    private static string? FindSourceCheckout(string contentRoot)
    {
        for (var dir = new DirectoryInfo(contentRoot); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "StreamDiffusion.Broadcast.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
