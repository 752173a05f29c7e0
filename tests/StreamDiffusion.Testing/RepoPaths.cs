namespace StreamDiffusion.Testing;

/// <summary>Locates the repository and the artifacts that scripts/test.sh builds before the tests run.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> s_root = new(FindRoot);

    /// <summary>The folder holding StreamDiffusion.Broadcast.sln.</summary>
    public static string Root => s_root.Value;

    /// <summary>The shared/ folder beside the repository (docs and test data that are not committed here).</summary>
    public static string Shared => Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    /// <summary>The CLIP vocabulary in Hugging Face format, read in place (never copied into the repo).</summary>
    public static string ClipTestData => Path.Combine(Shared, "testdata", "clip");

    /// <summary>
    /// The published <c>sdbroadcast</c> executable. scripts/test.sh publishes it and names it in
    /// <c>SDB_TEST_SDBROADCAST</c>; without that variable the default publish folder is used.
    /// </summary>
    public static string SdBroadcastExecutable
    {
        get
        {
            var fromEnv = Environment.GetEnvironmentVariable("SDB_TEST_SDBROADCAST");
            var path = string.IsNullOrEmpty(fromEnv)
                ? Path.Combine(Root, "artifacts", "publish", "sdbroadcast", OperatingSystem.IsWindows() ? "sdbroadcast.exe" : "sdbroadcast")
                : fromEnv;
            if (!File.Exists(path))
            {
                throw new FileNotFoundException(
                    $"The published sdbroadcast was not found at '{path}'. Run scripts/test.sh, which publishes it " +
                    "before the tests, or set SDB_TEST_SDBROADCAST to its path.", path);
            }

            return path;
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "StreamDiffusion.Broadcast.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException(
            $"No StreamDiffusion.Broadcast.sln above '{AppContext.BaseDirectory}'; tests must run from a build inside the repository.");
    }
}
