using System.Diagnostics;

namespace StreamDiffusion.Testing;

/// <summary>
/// Test fixture that provides the NDI test runtime (the Linux libndi from the npm package grandiose-mac, fetched by
/// scripts/test.sh into the ignored .cache/ folder), a loopback <c>ndi-config.v1.json</c>, unique source names and
/// private temporary folders for processes that load NDI.
/// </summary>
public sealed class NdiTestRuntime : IDisposable
{
    /// <summary>Environment variable scripts/test.sh sets to the folder holding libndi.so.5.</summary>
    public const string RuntimeDirVariable = "SDB_TEST_NDI_RUNTIME_DIR";

    /// <summary>The runtime library file name inside <see cref="RuntimeFolder"/>.</summary>
    public const string LibraryFileName = "libndi.so.5";

    private static int s_nameCounter;
    private readonly string _scratch;

    /// <summary>Creates the config folder and checks the runtime and the namespace; throws with the fix otherwise.</summary>
    public NdiTestRuntime()
    {
        if (!LoopbackNamespace.IsCurrent(out var reason))
        {
            throw new InvalidOperationException("NDI tests refused to start: " + reason);
        }

        RuntimeFolder = FindRuntimeFolder();
        _scratch = Directory.CreateTempSubdirectory("sdb-ndi-test-").FullName;
        ConfigFolder = Path.Combine(_scratch, "ndi-config");
        Directory.CreateDirectory(ConfigFolder);
        File.WriteAllText(Path.Combine(ConfigFolder, "ndi-config.v1.json"), LoopbackConfigJson);

        // The in-process runtime reads these when it loads; child processes get them through ApplyTo.
        NativeEnvironment.Set("NDI_CONFIG_DIR", ConfigFolder);
        NativeEnvironment.Set("NDI_RUNTIME_DIR_V5", RuntimeFolder);
    }

    /// <summary>
    /// Discovery restricted to loopback (checked with the NDI 5.5.2 runtime). Without mDNS every NDI process listens on
    /// the shared TCP port 5960 and a query is answered by one of them with its own sources only; listing a dozen
    /// loopback addresses makes each query reach a dozen listeners, so with several NDI processes (sender, service,
    /// probe) every one is seen at once instead of by luck.
    /// </summary>
    public const string LoopbackConfigJson =
        """{"ndi":{"networks":{"ips":"127.0.0.1,127.0.0.2,127.0.0.3,127.0.0.4,127.0.0.5,127.0.0.6,127.0.0.7,127.0.0.8,127.0.0.9,127.0.0.10,127.0.0.11,127.0.0.12"}}}""";

    /// <summary>Folder holding <see cref="LibraryFileName"/>.</summary>
    public string RuntimeFolder { get; }

    /// <summary>Full path of the runtime library.</summary>
    public string LibraryPath => Path.Combine(RuntimeFolder, LibraryFileName);

    /// <summary>Folder holding the loopback <c>ndi-config.v1.json</c>; the value of <c>NDI_CONFIG_DIR</c>.</summary>
    public string ConfigFolder { get; }

    /// <summary>A source name no other test in this run uses, e.g. <c>sdbtest-4711-3-probe</c>.</summary>
    public static string UniqueSourceName(string purpose) =>
        $"sdbtest-{Environment.ProcessId}-{Interlocked.Increment(ref s_nameCounter)}-{purpose}";

    /// <summary>A fresh private folder for a child process's TMPDIR, removed with the fixture.</summary>
    public string CreatePrivateTempFolder()
    {
        var dir = Path.Combine(_scratch, "tmp-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>Gives a child process the runtime, the loopback config and its own TMPDIR.</summary>
    public void ApplyTo(ProcessStartInfo startInfo)
    {
        ArgumentNullException.ThrowIfNull(startInfo);
        startInfo.Environment["NDI_RUNTIME_DIR_V5"] = RuntimeFolder;
        startInfo.Environment["NDI_CONFIG_DIR"] = ConfigFolder;
        startInfo.Environment["TMPDIR"] = CreatePrivateTempFolder();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            Directory.Delete(_scratch, recursive: true);
        }
        catch (IOException)
        {
            // A child process may still hold a file for a moment; the OS temp cleaner takes the rest.
        }
    }

    private static string FindRuntimeFolder()
    {
        var fromEnv = Environment.GetEnvironmentVariable(RuntimeDirVariable);
        var candidates = new List<string>();
        if (!string.IsNullOrEmpty(fromEnv))
        {
            candidates.Add(fromEnv);
        }

        candidates.Add(Path.Combine(RepoPaths.Root, ".cache", "ndi", "grandiose-mac-0.0.6", "package", "lib", "linux_x64"));
        foreach (var candidate in candidates)
        {
            if (File.Exists(Path.Combine(candidate, LibraryFileName)))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException(
            $"The NDI test runtime ({LibraryFileName}) was not found in [{string.Join(", ", candidates)}]. " +
            "scripts/test.sh fetches it (npm pack grandiose-mac@0.0.6) into .cache/ndi; run it once outside the namespace.");
    }
}
