using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using StreamDiffusion.Testing;

namespace StreamDiffusion.Broadcast.Tests.Install;

/// <summary>
/// deploy/install-linux.sh run for real into a temporary --root (files under that folder only); systemctl, useradd and
/// chown are printed instead of run (SDB_INSTALL_DRY_COMMANDS=1).
/// </summary>
[Collection(TestCollections.EndToEnd)]
public sealed class LinuxInstallScriptTests : IDisposable
{
    private readonly DirectoryInfo _scratch = Directory.CreateTempSubdirectory("sdb-install-linux-");
    private readonly DirectoryInfo _root;
    private readonly DirectoryInfo _publish;

    public LinuxInstallScriptTests()
    {
        _root = _scratch.CreateSubdirectory("root");
        _publish = InstallerProcesses.CreatePublishFolder(_scratch, "sdbroadcast");
    }

    public void Dispose() => _scratch.Delete(recursive: true);

    private string Under(string path) => Path.Combine(_root.FullName, path.TrimStart('/'));

    private Task<ProcessResult> RunAsync(params string[] arguments) =>
        InstallerProcesses.RunLinuxInstallerAsync(["--source", _publish.FullName, "--root", _root.FullName, .. arguments], TestContext.Current.CancellationToken);

    private static void AssertSucceeded(ProcessResult result) => Assert.True(result.ExitCode == 0, result.ToString());

    private static string Sha256Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    [Fact]
    public async Task A_dry_run_on_a_fresh_machine_prints_the_plan_and_changes_nothing()
    {
        var result = await RunAsync("--dry-run");

        AssertSucceeded(result);
        Assert.Contains("Dry run: Install sdbroadcast", result.StandardOutput, StringComparison.Ordinal);
        var kinds = InstallerProcesses.Collapse(InstallerProcesses.PrintedKinds(result.StandardOutput).Where(k => k != "AddGpuGroups"));
        Assert.Equal(
            ["CheckNdiRuntime", "CheckGpu", "CreateUser", "CopyBinaries", "CreateFolders", "SeedFile", "WriteApiKey", "SetOwnership",
             "SetConfigGroup", "InstallUnit", "ReloadSystemd", "EnableService"],
            kinds);
        Assert.Contains("> systemctl enable --now sdbroadcast.service", result.StandardOutput, StringComparison.Ordinal);
        Assert.Empty(_root.EnumerateFileSystemInfos());
    }

    [Fact]
    public async Task A_dry_run_over_an_installation_plans_an_upgrade_that_keeps_the_station_files()
    {
        Directory.CreateDirectory(Under("/opt/sdbroadcast"));
        File.WriteAllText(Under("/opt/sdbroadcast/sdbroadcast"), "old release");
        Directory.CreateDirectory(Under("/etc/sdbroadcast/presets"));
        File.WriteAllText(Under("/etc/sdbroadcast/appsettings.json"), "station settings");
        File.WriteAllText(Under("/etc/sdbroadcast/api-keys.json"), "station keys");
        var before = InstallerProcesses.Snapshot(_root);

        var result = await RunAsync("--dry-run");

        AssertSucceeded(result);
        Assert.Contains("Dry run: Upgrade sdbroadcast", result.StandardOutput, StringComparison.Ordinal);
        var kinds = InstallerProcesses.PrintedKinds(result.StandardOutput);
        Assert.True(kinds.ToList().IndexOf("StopService") < kinds.ToList().IndexOf("CopyBinaries"), result.StandardOutput);
        Assert.Equal("EnableService", kinds[^1]);
        Assert.Contains("[KeepFile] Keep the station's appsettings.json", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("[KeepFile] Keep the existing api-keys.json", result.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("Seed appsettings.json", result.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("WriteApiKey", kinds);
        Assert.Equal(before, InstallerProcesses.Snapshot(_root));
    }

    [Fact]
    public async Task An_install_lands_the_binaries_the_unit_the_defaults_and_a_hashed_key()
    {
        var result = await RunAsync();

        AssertSucceeded(result);
        Assert.Equal(File.ReadAllText(Path.Combine(RepoPaths.Root, "deploy", "sdbroadcast.service")), File.ReadAllText(Under("/etc/systemd/system/sdbroadcast.service")));
        Assert.Equal("#!/bin/sh\necho release-1\n", File.ReadAllText(Under("/opt/sdbroadcast/sdbroadcast")));
        Assert.Equal(File.ReadAllText(Path.Combine(RepoPaths.Root, "appsettings.json")), File.ReadAllText(Under("/etc/sdbroadcast/appsettings.json")));
        foreach (var preset in InstallerProcesses.ShippedPresetNames())
        {
            Assert.True(File.Exists(Under($"/etc/sdbroadcast/presets/{preset}")), preset);
        }

        Assert.True(Directory.Exists(Under("/var/lib/sdbroadcast/models")) && Directory.Exists(Under("/var/lib/sdbroadcast/logs")));
        Assert.Contains("+ useradd --system", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("+ systemctl daemon-reload", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("+ systemctl enable --now sdbroadcast.service", result.StandardOutput, StringComparison.Ordinal);

        var key = Assert.Single(Regex.Matches(result.StandardOutput, @"\bsdb_[A-Za-z0-9_-]{43}\b")).Value;
        using var keys = JsonDocument.Parse(File.ReadAllText(Under("/etc/sdbroadcast/api-keys.json")));
        Assert.Equal(1, keys.RootElement.GetProperty("schemaVersion").GetInt32());
        var entry = Assert.Single(keys.RootElement.GetProperty("keys").EnumerateArray());
        Assert.Equal(("installer", "control", Sha256Hex(key)),
            (entry.GetProperty("name").GetString(), entry.GetProperty("scope").GetString(), entry.GetProperty("sha256").GetString()));
        Assert.DoesNotContain(key, File.ReadAllText(Under("/etc/sdbroadcast/api-keys.json")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_upgrade_never_overwrites_the_station_files_and_replaces_the_binaries_between_stop_and_start()
    {
        AssertSucceeded(await RunAsync());
        var settings = Under("/etc/sdbroadcast/appsettings.json");
        var keys = Under("/etc/sdbroadcast/api-keys.json");
        var presets = InstallerProcesses.ShippedPresetNames();
        var editedPreset = Under($"/etc/sdbroadcast/presets/{presets[0]}");
        var deletedPreset = Under($"/etc/sdbroadcast/presets/{presets[^1]}");
        File.WriteAllText(settings, "the station's own settings");
        File.WriteAllText(editedPreset, "the station's own preset");
        File.Delete(deletedPreset);
        var keysBefore = File.ReadAllText(keys);
        File.WriteAllText(Path.Combine(_publish.FullName, "sdbroadcast"), "#!/bin/sh\necho release-2\n");
        File.WriteAllText(Under("/opt/sdbroadcast/stale.dll"), "from the previous release");

        var result = await RunAsync();

        AssertSucceeded(result);
        Assert.Equal("the station's own settings", File.ReadAllText(settings));
        Assert.Equal("the station's own preset", File.ReadAllText(editedPreset));
        Assert.True(File.Exists(deletedPreset), "a shipped preset that is absent is seeded again");
        Assert.Equal(keysBefore, File.ReadAllText(keys));
        Assert.DoesNotMatch(@"\bsdb_[A-Za-z0-9_-]{43}\b", result.StandardOutput);
        Assert.Equal("#!/bin/sh\necho release-2\n", File.ReadAllText(Under("/opt/sdbroadcast/sdbroadcast")));
        Assert.False(File.Exists(Under("/opt/sdbroadcast/stale.dll")), "the binaries folder mirrors the release");
        var stop = result.StandardOutput.IndexOf("+ systemctl stop sdbroadcast.service", StringComparison.Ordinal);
        var copy = result.StandardOutput.IndexOf("[CopyBinaries]", StringComparison.Ordinal);
        var start = result.StandardOutput.IndexOf("+ systemctl enable --now sdbroadcast.service", StringComparison.Ordinal);
        Assert.True(stop >= 0 && stop < copy && copy < start, result.StandardOutput);
    }

    [Fact]
    public async Task Uninstall_keeps_the_data_unless_purged()
    {
        AssertSucceeded(await RunAsync());

        var keep = await RunAsync("--uninstall");

        AssertSucceeded(keep);
        Assert.False(Directory.Exists(Under("/opt/sdbroadcast")));
        Assert.False(File.Exists(Under("/etc/systemd/system/sdbroadcast.service")));
        Assert.True(File.Exists(Under("/etc/sdbroadcast/appsettings.json")));
        Assert.True(File.Exists(Under("/etc/sdbroadcast/api-keys.json")));
        Assert.Contains("+ systemctl disable --now sdbroadcast.service", keep.StandardOutput, StringComparison.Ordinal);

        var purge = await RunAsync("--uninstall", "--purge");

        AssertSucceeded(purge);
        Assert.False(Directory.Exists(Under("/etc/sdbroadcast")));
        Assert.False(Directory.Exists(Under("/var/lib/sdbroadcast")));
    }

    [Fact]
    public async Task A_root_without_printed_system_commands_is_refused_before_anything_changes()
    {
        var result = await InstallerProcesses.RunLinuxInstallerAsync(
            ["--source", _publish.FullName, "--root", _root.FullName], TestContext.Current.CancellationToken, dryCommands: false);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("SDB_INSTALL_DRY_COMMANDS=1", result.StandardError, StringComparison.Ordinal);
        Assert.Empty(_root.EnumerateFileSystemInfos());
    }
}
