using StreamDiffusion.Broadcast.Hosting;

namespace StreamDiffusion.Broadcast.Tests;

public sealed class DataRootTests : IDisposable
{
    private readonly DirectoryInfo _scratch = Directory.CreateTempSubdirectory("sdb-dataroot-unit-");

    public void Dispose() => _scratch.Delete(recursive: true);

    private static string? NoEnvironment(string name) => null;

    [Fact]
    public void The_command_line_wins_over_the_environment()
    {
        var root = DataRoot.Resolve("/srv/a", "/opt/sdbroadcast", name => name == DataRoot.EnvironmentVariable ? "/srv/b" : null);

        Assert.Equal(("/srv/a", "/srv/a", "--data-root"), (root.ConfigFolder, root.StateFolder, root.Origin));
    }

    [Fact]
    public void The_environment_wins_over_the_platform_folders()
    {
        var root = DataRoot.Resolve(null, "/opt/sdbroadcast", name => name == DataRoot.EnvironmentVariable ? "/srv/b" : null);

        Assert.Equal("/srv/b", root.ConfigFolder);
    }

    [Fact]
    public void Installed_binaries_use_the_platform_service_folders()
    {
        var root = DataRoot.Resolve(null, _scratch.FullName, NoEnvironment);

        if (OperatingSystem.IsWindows())
        {
            Assert.EndsWith("StreamDiffusion.Broadcast", root.ConfigFolder, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(("/etc/sdbroadcast", "/var/lib/sdbroadcast"), (root.ConfigFolder, root.StateFolder));
        }
    }

    [Fact]
    public void Binaries_inside_the_repository_use_the_repository()
    {
        var root = DataRoot.Resolve(null, AppContext.BaseDirectory, NoEnvironment);

        Assert.Equal(StreamDiffusion.Testing.RepoPaths.Root, root.ConfigFolder);
        Assert.Equal(Path.Combine(StreamDiffusion.Testing.RepoPaths.Root, "data"), root.StateFolder);
    }

    [Fact]
    public void Seeding_fills_what_is_absent_and_keeps_what_is_there()
    {
        var content = Directory.CreateDirectory(Path.Combine(_scratch.FullName, "content"));
        Directory.CreateDirectory(Path.Combine(content.FullName, "presets"));
        File.WriteAllText(Path.Combine(content.FullName, "appsettings.json"), "shipped settings");
        File.WriteAllText(Path.Combine(content.FullName, "presets", "a.json"), "shipped a");
        File.WriteAllText(Path.Combine(content.FullName, "presets", "b.json"), "shipped b");
        var root = DataRoot.Resolve(Path.Combine(_scratch.FullName, "data"), content.FullName, NoEnvironment);
        Directory.CreateDirectory(root.PresetsFolder);
        File.WriteAllText(Path.Combine(root.PresetsFolder, "a.json"), "station a");

        var (written, problems) = root.SeedFrom(content.FullName);

        Assert.Empty(problems);
        Assert.Equal([root.SettingsFile, Path.Combine(root.PresetsFolder, "b.json")], written.Order(StringComparer.Ordinal));
        Assert.Equal("station a", File.ReadAllText(Path.Combine(root.PresetsFolder, "a.json")));
        Assert.Equal("shipped settings", File.ReadAllText(root.SettingsFile));
        Assert.Empty(root.SeedFrom(content.FullName).Written);
        Assert.True(Directory.Exists(root.ModelsFolder) && Directory.Exists(root.LogsFolder));
    }

    [Fact]
    public void A_preset_that_cannot_be_seeded_is_reported_and_the_start_goes_on()
    {
        var content = Directory.CreateDirectory(Path.Combine(_scratch.FullName, "content"));
        Directory.CreateDirectory(Path.Combine(content.FullName, "presets"));
        File.WriteAllText(Path.Combine(content.FullName, "presets", "deleted-by-station.json"), "shipped");
        var root = DataRoot.Resolve(Path.Combine(_scratch.FullName, "data"), content.FullName, NoEnvironment);
        Directory.CreateDirectory(root.PresetsFolder);
        File.WriteAllText(root.SettingsFile, "station settings");
        // A folder standing where the preset would go makes the copy fail as a read-only folder does (tests run as root,
        // for whom file modes do not deny writes).
        Directory.CreateDirectory(Path.Combine(root.PresetsFolder, "deleted-by-station.json", "x"));

        var (written, problems) = root.SeedFrom(content.FullName);

        Assert.Empty(written);
        var problem = Assert.Single(problems);
        Assert.Contains("deleted-by-station.json could not be copied", problem, StringComparison.Ordinal);
        Assert.Equal("station settings", File.ReadAllText(root.SettingsFile));
    }
}
