namespace StreamDiffusion.Ndi;

/// <summary>
/// Where <see cref="NdiRuntime.TryLoad"/> looks for the NDI runtime, in order: a configured folder,
/// <c>NDI_RUNTIME_DIR_V6</c>, <c>NDI_RUNTIME_DIR_V5</c>, the application folder, the default install folders of this
/// OS, then the system library path (research/ndi.md §1.1, §3.4).
/// </summary>
/// <param name="Files">Full paths to try, in order.</param>
/// <param name="SystemLibraryNames">Bare file names handed to the OS loader last (its own search path).</param>
public sealed record NdiRuntimeSearch(IReadOnlyList<string> Files, IReadOnlyList<string> SystemLibraryNames)
{
    /// <summary>The runtime download page named in every "not found" message.</summary>
    public const string DownloadUrl = "https://ndi.video/";

    /// <summary>The search for this machine, reading the environment now.</summary>
    /// <param name="configuredFolder">A folder the operator configured, tried first; null for none.</param>
    public static NdiRuntimeSearch ForThisMachine(string? configuredFolder = null) =>
        ForThisMachine(configuredFolder, Environment.GetEnvironmentVariable);

    /// <summary>The search for this machine with an explicit environment reader (for tests).</summary>
    public static NdiRuntimeSearch ForThisMachine(string? configuredFolder, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var names = LibraryFileNames();
        var folders = new List<string>();
        AddFolder(folders, configuredFolder);
        AddFolder(folders, environment("NDI_RUNTIME_DIR_V6"));
        AddFolder(folders, environment("NDI_RUNTIME_DIR_V5"));
        AddFolder(folders, AppContext.BaseDirectory);
        foreach (var folder in DefaultFolders(environment))
        {
            AddFolder(folders, folder);
        }

        var files = new List<string>();
        foreach (var folder in folders)
        {
            foreach (var name in names)
            {
                files.Add(Path.Combine(folder, name));
            }
        }

        return new NdiRuntimeSearch(files, names);
    }

    /// <summary>The runtime's file names on this OS, newest first.</summary>
    public static IReadOnlyList<string> LibraryFileNames()
    {
        if (OperatingSystem.IsWindows())
        {
            return [System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture == System.Runtime.InteropServices.Architecture.Arm64
                ? "Processing.NDI.Lib.arm64.dll"
                : "Processing.NDI.Lib.x64.dll"];
        }

        return OperatingSystem.IsMacOS() ? ["libndi.dylib"] : ["libndi.so.6", "libndi.so.5"];
    }

    private static IEnumerable<string> DefaultFolders(Func<string, string?> environment)
    {
        if (OperatingSystem.IsWindows())
        {
            var programFiles = environment("ProgramFiles") ?? @"C:\Program Files";
            yield return Path.Combine(programFiles, "NDI", "NDI 6 Runtime", "v6");
            yield return Path.Combine(programFiles, "NDI", "NDI 6 Tools", "Runtime");
            yield return Path.Combine(programFiles, "NDI", "NDI 5 Runtime", "v5");
            yield return Path.Combine(programFiles, "NDI", "NDI 5 Tools", "Runtime");
            yield break;
        }

        if (OperatingSystem.IsMacOS())
        {
            yield return "/usr/local/lib";
            yield return "/Library/NDI SDK for Apple/lib/macOS";
            yield break;
        }

        yield return "/usr/lib";
        yield return "/usr/lib64";
        yield return "/usr/local/lib";
        yield return System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture == System.Runtime.InteropServices.Architecture.Arm64
            ? "/usr/lib/aarch64-linux-gnu"
            : "/usr/lib/x86_64-linux-gnu";
    }

    private static void AddFolder(List<string> folders, string? folder)
    {
        if (string.IsNullOrWhiteSpace(folder))
        {
            return;
        }

        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        if (!folders.Contains(full, StringComparer.Ordinal))
        {
            folders.Add(full);
        }
    }
}
