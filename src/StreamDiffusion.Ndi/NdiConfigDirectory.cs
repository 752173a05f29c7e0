namespace StreamDiffusion.Ndi;

/// <summary>Where the NDI runtime of this process reads its configuration, and whether the service wrote it.</summary>
/// <param name="Folder">The value of <c>NDI_CONFIG_DIR</c>, or null when the machine-wide configuration applies.</param>
/// <param name="Written">True when the service wrote <c>ndi-config.v1.json</c> into <paramref name="Folder"/>.</param>
/// <param name="Description">One sentence for the log and <c>sdbroadcast check</c>.</param>
public sealed record NdiConfigDirectory(string? Folder, bool Written, string Description)
{
    /// <summary>The variable the NDI runtime reads its configuration folder from.</summary>
    public const string Variable = "NDI_CONFIG_DIR";

    /// <summary>
    /// Decides the configuration folder before the runtime loads. If <c>NDI_CONFIG_DIR</c> is already set, it is used
    /// and nothing is written (the operator chose it). Otherwise, when <paramref name="settings"/> say anything, they
    /// are written to <c>&lt;dataFolder&gt;/ndi/ndi-config.v1.json</c> and <c>NDI_CONFIG_DIR</c> is set through libc.
    /// With no settings nothing is written and the machine's own NDI configuration applies.
    /// </summary>
    public static NdiConfigDirectory Prepare(string dataFolder, NdiNetworkSettings settings) =>
        Prepare(dataFolder, settings, Environment.GetEnvironmentVariable, LibcEnvironment.Set);

    /// <summary><see cref="Prepare(string, NdiNetworkSettings)"/> with explicit environment access (for tests).</summary>
    public static NdiConfigDirectory Prepare(
        string dataFolder, NdiNetworkSettings settings, Func<string, string?> getEnvironment, Action<string, string> setEnvironment)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(getEnvironment);
        ArgumentNullException.ThrowIfNull(setEnvironment);
        var existing = getEnvironment(Variable);
        if (!string.IsNullOrEmpty(existing))
        {
            return new NdiConfigDirectory(existing, false,
                $"{Variable} is set to '{existing}'; the NDI runtime reads {NdiConfigFile.FileName} there and the service writes none.");
        }

        if (settings.IsEmpty)
        {
            return new NdiConfigDirectory(null, false,
                "No NDI network settings are configured; the machine's own NDI configuration applies.");
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(dataFolder);
        var folder = Path.GetFullPath(Path.Combine(dataFolder, "ndi"));
        var path = NdiConfigFile.Write(folder, settings);
        setEnvironment(Variable, folder);
        return new NdiConfigDirectory(folder, true, $"NDI network settings written to '{path}'; {Variable} points there.");
    }
}
