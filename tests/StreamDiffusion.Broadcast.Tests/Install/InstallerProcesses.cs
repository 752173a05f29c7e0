using StreamDiffusion.Testing;

namespace StreamDiffusion.Broadcast.Tests.Install;

/// <summary>
/// Runs the installers as child processes: install.ps1 through PowerShell 7.6.9 from the repository's local tool
/// manifest (.config/dotnet-tools.json, restored by scripts/test.sh before the offline namespace), and
/// deploy/install-linux.sh through bash.
/// </summary>
internal static class InstallerProcesses
{
    private static readonly TimeSpan s_timeLimit = TimeSpan.FromMinutes(2);

    /// <summary>install.ps1 at the repository root.</summary>
    public static string WindowsScript => Path.Combine(RepoPaths.Root, "install.ps1");

    /// <summary>deploy/install-linux.sh.</summary>
    public static string LinuxScript => Path.Combine(RepoPaths.Root, "deploy", "install-linux.sh");

    /// <summary>
    /// Writes <paramref name="scriptText"/> to a .ps1 file in <paramref name="scratch"/> and runs it with
    /// <c>dotnet pwsh -NoProfile -NonInteractive -File</c>; <paramref name="arguments"/> follow the file.
    /// </summary>
    public static Task<ProcessResult> RunPowerShellAsync(
        DirectoryInfo scratch, string scriptText, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var file = Path.Combine(scratch.FullName, $"driver-{Guid.NewGuid():N}.ps1");
        File.WriteAllText(file, scriptText);
        return RunPowerShellFileAsync(file, arguments, cancellationToken);
    }

    /// <summary>Runs a .ps1 file (e.g. install.ps1 itself) with PowerShell from the local tool manifest.</summary>
    public static Task<ProcessResult> RunPowerShellFileAsync(string file, IEnumerable<string> arguments, CancellationToken cancellationToken) =>
        ChildProcess.RunAsync(
            "dotnet",
            ["pwsh", "-NoProfile", "-NonInteractive", "-File", file, .. arguments],
            s_timeLimit,
            startInfo =>
            {
                // The local tool manifest is found from the working directory; PowerShell must not reach the network.
                startInfo.WorkingDirectory = RepoPaths.Root;
                startInfo.Environment["POWERSHELL_TELEMETRY_OPTOUT"] = "1";
                startInfo.Environment["POWERSHELL_UPDATECHECK"] = "Off";
                startInfo.Environment["DOTNET_NOLOGO"] = "1";
                startInfo.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
                startInfo.Environment.Remove("NDI_RUNTIME_DIR_V6");
                startInfo.Environment.Remove("NDI_RUNTIME_DIR_V5");
            },
            cancellationToken);

    /// <summary>
    /// Runs deploy/install-linux.sh with <paramref name="arguments"/>; system commands are printed, not run, unless
    /// <paramref name="dryCommands"/> is false.
    /// </summary>
    public static Task<ProcessResult> RunLinuxInstallerAsync(IEnumerable<string> arguments, CancellationToken cancellationToken, bool dryCommands = true) =>
        ChildProcess.RunAsync(
            "bash",
            [LinuxScript, .. arguments],
            s_timeLimit,
            startInfo =>
            {
                startInfo.Environment.Remove("SDB_INSTALL_DRY_COMMANDS");
                if (dryCommands)
                {
                    startInfo.Environment["SDB_INSTALL_DRY_COMMANDS"] = "1";
                }

                startInfo.Environment.Remove("NDI_RUNTIME_DIR_V6");
                startInfo.Environment.Remove("NDI_RUNTIME_DIR_V5");
            },
            cancellationToken);

    /// <summary>
    /// A stand-in publish folder: a fake executable plus the repository's real shipped defaults (appsettings.json and
    /// presets/*.json), which is all the installers read from it.
    /// </summary>
    public static DirectoryInfo CreatePublishFolder(DirectoryInfo parent, string executableName)
    {
        var folder = parent.CreateSubdirectory("publish");
        File.WriteAllText(Path.Combine(folder.FullName, executableName), "#!/bin/sh\necho release-1\n");
        File.Copy(Path.Combine(RepoPaths.Root, "appsettings.json"), Path.Combine(folder.FullName, "appsettings.json"));
        var presets = folder.CreateSubdirectory("presets");
        foreach (var preset in ShippedPresetNames())
        {
            File.Copy(Path.Combine(RepoPaths.Root, "presets", preset), Path.Combine(presets.FullName, preset));
        }

        return folder;
    }

    /// <summary>The file names of the presets the repository ships.</summary>
    public static IReadOnlyList<string> ShippedPresetNames() =>
        [.. Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, "presets"), "*.json").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];

    /// <summary>Every file under <paramref name="folder"/> with its content, for "nothing changed" assertions.</summary>
    public static SortedDictionary<string, string> Snapshot(DirectoryInfo folder)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in folder.EnumerateFileSystemInfos("*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(folder.FullName, file.FullName);
            files[relative] = file is FileInfo f ? File.ReadAllText(f.FullName) : "<dir>";
        }

        return files;
    }

    /// <summary>The step kinds of a printed plan (" 3. [Kind] text"), in order.</summary>
    public static IReadOnlyList<string> PrintedKinds(string output) =>
        [.. output.Split('\n')
            .Select(line => System.Text.RegularExpressions.Regex.Match(line, @"^\s*\d+\. \[(?<kind>\w+)\]"))
            .Where(m => m.Success)
            .Select(m => m.Groups["kind"].Value)];

    /// <summary>Collapses runs of the same kind (SeedFile, SeedFile → SeedFile) so order checks read simply.</summary>
    public static IReadOnlyList<string> Collapse(IEnumerable<string> kinds)
    {
        var result = new List<string>();
        foreach (var kind in kinds)
        {
            if (result.Count == 0 || result[^1] != kind)
            {
                result.Add(kind);
            }
        }

        return result;
    }
}
