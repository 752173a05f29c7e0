using Microsoft.Extensions.Logging.Abstractions;
using StreamDiffusion.Broadcast.Presets;

namespace StreamDiffusion.Broadcast.Tests.Presets;

public sealed class PresetStoreTests : IDisposable
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(10);
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("sdb-presets-");

    public void Dispose() => _folder.Delete(recursive: true);

    private string Write(string id, string json)
    {
        var path = Path.Combine(_folder.FullName, id + ".json");
        File.WriteAllText(path, json);
        return path;
    }

    private static string Valid(string prompt, int slot = 1) => $$"""{ "schemaVersion": 1, "prompt": "{{prompt}}", "slot": {{slot}} }""";

    [Fact]
    public void Rescan_reads_presets_and_ignores_editor_files()
    {
        Write("b", Valid("second", 2));
        Write("a", Valid("first", 1));
        Write(".#a", "not json");
        using var store = new PresetStore(_folder.FullName, NullLogger<PresetStore>.Instance);

        var catalog = store.Rescan();

        Assert.Equal(["a", "b"], catalog.Presets.Keys);
        Assert.Empty(catalog.Problems);
        Assert.Equal("second", catalog.FindBySlot(2)!.Prompt);
        Assert.Equal(1, catalog.Generation);
        Assert.Same(catalog, store.Rescan()); // nothing changed, nothing swapped
    }

    [Fact]
    public void An_invalid_replacement_keeps_the_last_good_version_and_reports_it()
    {
        var path = Write("look", Valid("good prompt"));
        using var store = new PresetStore(_folder.FullName, NullLogger<PresetStore>.Instance);
        store.Rescan();

        File.WriteAllText(path, "{ \"schemaVersion\": 1,\n \"prompt\": ");
        var catalog = store.Rescan();

        Assert.Equal("good prompt", catalog.Presets["look"].Prompt);
        var problem = Assert.Single(catalog.Problems[path]);
        Assert.Contains("not valid JSON", problem.Message, StringComparison.Ordinal);

        File.WriteAllText(path, Valid("fixed prompt"));
        catalog = store.Rescan();
        Assert.Equal("fixed prompt", catalog.Presets["look"].Prompt);
        Assert.Empty(catalog.Problems);
    }

    [Fact]
    public void Deleting_a_file_removes_its_preset()
    {
        var path = Write("gone", Valid("x"));
        using var store = new PresetStore(_folder.FullName, NullLogger<PresetStore>.Instance);
        store.Rescan();

        File.Delete(path);

        Assert.Empty(store.Rescan().Presets);
    }

    [Fact]
    public async Task Watching_picks_up_an_edit_and_a_save_by_rename()
    {
        var path = Write("live", Valid("before"));
        using var store = new PresetStore(_folder.FullName, NullLogger<PresetStore>.Instance, debounce: TimeSpan.FromMilliseconds(100));
        store.Start(safetyInterval: TimeSpan.FromMinutes(10));
        Assert.Equal("before", store.Current.Presets["live"].Prompt);

        var edited = NextChange(store, c => c.Presets.TryGetValue("live", out var p) && p.Prompt == "after edit");
        File.WriteAllText(path, Valid("after edit"));
        await edited.WaitAsync(s_wait, TestContext.Current.CancellationToken);

        // Editors save through a temporary file and rename it over the target.
        var renamed = NextChange(store, c => c.Presets.TryGetValue("live", out var p) && p.Prompt == "after rename");
        var temp = Path.Combine(_folder.FullName, "live.json.tmp");
        File.WriteAllText(temp, Valid("after rename"));
        File.Move(temp, path, overwrite: true);
        await renamed.WaitAsync(s_wait, TestContext.Current.CancellationToken);
    }

    private static Task NextChange(PresetStore store, Func<PresetCatalog, bool> condition)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        store.Changed += catalog =>
        {
            if (condition(catalog))
            {
                done.TrySetResult();
            }
        };
        return done.Task;
    }
}
