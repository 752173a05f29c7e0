using StreamDiffusion.Testing;

namespace StreamDiffusion.Ndi.Tests;

/// <summary>
/// The loader's refusal paths, with libraries gcc builds during the test: nothing here loads the NDI runtime, and the
/// search never reaches the system library path.
/// </summary>
public sealed class NdiRuntimeLoadingTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("sdb-ndi-loader-").FullName;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    [Fact]
    public async Task Missing_runtime_lists_every_path_tried_with_its_cause_and_the_download_link()
    {
        var empty = Folder("empty");
        var foreign = await BuildLibraryAsync("foreign", "int sdb_not_ndi(void) { return 1; }");
        var hollow = await BuildLibraryAsync("hollow", "static void* slots[107]; void* NDIlib_v5_load(void) { return slots; }");
        var text = Folder("text");
        await File.WriteAllTextAsync(Path.Combine(text, "libndi.so.5"), "not a library", TestContext.Current.CancellationToken);
        var search = new NdiRuntimeSearch(
            [Path.Combine(empty, "libndi.so.6"), Path.Combine(foreign, "libndi.so.5"), Path.Combine(hollow, "libndi.so.5"), Path.Combine(text, "libndi.so.5")],
            []);

        var loaded = NdiRuntime.TryLoad(search, out var runtime, out var reason);

        Assert.False(loaded);
        Assert.Null(runtime);
        Assert.Contains($"{Path.Combine(empty, "libndi.so.6")} (no such file)", reason, StringComparison.Ordinal);
        Assert.Contains($"{Path.Combine(foreign, "libndi.so.5")} (loads, but exports none of NDIlib_v5_load", reason, StringComparison.Ordinal);
        Assert.Contains($"{Path.Combine(hollow, "libndi.so.5")} (the function table from NDIlib_v5_load has no 'initialize' entry)", reason, StringComparison.Ordinal);
        Assert.Contains($"{Path.Combine(text, "libndi.so.5")} (cannot be loaded", reason, StringComparison.Ordinal);
        Assert.Contains("https://ndi.video/", reason, StringComparison.Ordinal);
        Assert.Contains("NDI_RUNTIME_DIR_V6", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_runtime_exporting_only_the_NDI_6_entry_is_read_through_it()
    {
        // NDI 6.2+ marks NDIlib_v5_load deprecated; a runtime that drops it is still read through NDIlib_v6_load.
        var six = await BuildLibraryAsync("six", "static void* slots[134]; void* NDIlib_v6_load(void) { return slots; }");

        var loaded = NdiRuntime.TryLoad(new NdiRuntimeSearch([Path.Combine(six, "libndi.so.5")], []), out _, out var reason);

        Assert.False(loaded);
        Assert.Contains("the function table from NDIlib_v6_load has no 'initialize' entry", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Search_order_is_configured_folder_then_V6_then_V5_then_app_then_OS_folders_then_system_path()
    {
        var environment = new Dictionary<string, string> { ["NDI_RUNTIME_DIR_V6"] = "/opt/ndi6", ["NDI_RUNTIME_DIR_V5"] = "/opt/ndi5" };

        var search = NdiRuntimeSearch.ForThisMachine("/srv/sdb/ndi", name => environment.GetValueOrDefault(name));

        var folders = search.Files.Select(Path.GetDirectoryName).Distinct().ToList();
        Assert.Equal(["/srv/sdb/ndi", "/opt/ndi6", "/opt/ndi5", Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)], folders.Take(4));
        Assert.Contains("/usr/local/lib", folders);
        Assert.Equal(["libndi.so.6", "libndi.so.5"], search.Files.Take(2).Select(Path.GetFileName));
        Assert.Equal(["libndi.so.6", "libndi.so.5"], search.SystemLibraryNames);
    }

    [Fact]
    public void Unset_variables_add_no_folders()
    {
        var search = NdiRuntimeSearch.ForThisMachine(null, _ => null);

        Assert.DoesNotContain(search.Files, f => f.StartsWith("/opt", StringComparison.Ordinal));
        Assert.Equal(Path.Combine(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory), "libndi.so.6"), search.Files[0]);
    }

    private string Folder(string name) => Directory.CreateDirectory(Path.Combine(_scratch, name)).FullName;

    // A shared library named like the runtime, built from one line of C.
    private async Task<string> BuildLibraryAsync(string name, string source)
    {
        var folder = Folder(name);
        var file = Path.Combine(folder, name + ".c");
        await File.WriteAllTextAsync(file, source, TestContext.Current.CancellationToken);
        var result = await ChildProcess.RunAsync(
            "gcc", ["-shared", "-fPIC", "-o", Path.Combine(folder, "libndi.so.5"), file], TimeSpan.FromSeconds(60), cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(result.ExitCode == 0, result.ToString());
        return folder;
    }
}
