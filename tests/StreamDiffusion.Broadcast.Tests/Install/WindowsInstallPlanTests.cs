using StreamDiffusion.Testing;

namespace StreamDiffusion.Broadcast.Tests.Install;

/// <summary>install.ps1, parsed and planned by PowerShell 7.6.9 (the local .NET tool) on any OS.</summary>
[Collection(TestCollections.EndToEnd)]
public sealed class WindowsInstallPlanTests(WindowsPlanScenarios scenarios) : IClassFixture<WindowsPlanScenarios>, IDisposable
{
    private const string Service = WindowsPlanScenarios.ServiceName;
    private readonly DirectoryInfo _scratch = Directory.CreateTempSubdirectory("sdb-install-whatif-");

    public void Dispose() => _scratch.Delete(recursive: true);

    private static int IndexOf(IReadOnlyList<PlanStep> plan, string kind)
    {
        for (var i = 0; i < plan.Count; i++)
        {
            if (plan[i].Kind == kind)
            {
                return i;
            }
        }

        Assert.Fail($"the plan has no {kind} step: {string.Join(", ", plan.Select(s => s.Kind))}");
        return -1;
    }

    [Fact]
    public void Install_ps1_parses_without_errors()
    {
        Assert.True(scenarios.Root.GetProperty("tokenCount").GetInt32() > 1000, "the parser read the whole script");
        Assert.Empty(scenarios.Root.GetProperty("parseErrors").EnumerateArray());
    }

    [Fact]
    public void A_fresh_install_plans_every_step_in_order()
    {
        var plan = scenarios.Plan("fresh");

        string[] expected =
        [
            "CheckNdiRuntime", "CheckGpu", "Publish", "CreateFolders", "CopyBinaries", "SeedFile", "WriteApiKey",
            "CreateEventSource", "CreateService", "GrantDataAccess", "SetRecovery", "SetFailureFlag", "AddFirewallRule",
            "StartService",
        ];
        Assert.Equal(expected, InstallerProcesses.Collapse(plan.Select(s => s.Kind)));
        Assert.Equal(
            ["appsettings.json", "presets/default.json", "presets/neon.json"],
            plan.Where(s => s.Kind == "SeedFile").Select(s => s.Text("Relative")));
        Assert.All(plan.Where(s => s.Kind == "SeedFile"), s => Assert.Equal("False", s.Details.GetProperty("Overwrite").ToString()));
        Assert.Equal(@"C:\ProgramData\StreamDiffusion.Broadcast\api-keys.json", plan.Single(s => s.Kind == "WriteApiKey").Text("Path"));
    }

    [Fact]
    public void A_fresh_install_publishes_framework_dependent_for_win_x64()
    {
        var publish = Assert.Single(scenarios.Plan("fresh").Single(s => s.Kind == "Publish").Commands);

        Assert.Equal(
            ["dotnet", "publish", @"C:\src\sdb\src\StreamDiffusion.Broadcast\StreamDiffusion.Broadcast.csproj", "-c", "Release", "-r", "win-x64",
             "--self-contained", "false", "-o", @"C:\Temp\sdbroadcast-publish", "-nologo"],
            publish);
        Assert.Equal(@"C:\Temp\sdbroadcast-publish", scenarios.Plan("fresh").Single(s => s.Kind == "CopyBinaries").Text("Source"));
    }

    [Fact]
    public void The_service_starts_delayed_as_its_virtual_account_with_the_data_root_on_its_command_line()
    {
        var commands = scenarios.Plan("fresh").Single(s => s.Kind == "CreateService").Commands;

        Assert.Equal(
            ["sc.exe", "create", Service, "binPath=",
             @"""C:\Program Files\StreamDiffusion.Broadcast\sdbroadcast.exe"" run --data-root ""C:\ProgramData\StreamDiffusion.Broadcast""",
             "start=", "delayed-auto", "DisplayName=", "StreamDiffusion.Broadcast"],
            commands[0]);
        Assert.Equal(["sc.exe", "config", Service, "obj=", $@"NT SERVICE\{Service}"], commands[1]);
        Assert.Equal(["sc.exe", "description", Service], commands[2].Take(3));
    }

    [Theory]
    [InlineData("fresh")]
    [InlineData("upgrade")]
    public void Recovery_restarts_on_failure_and_on_a_non_zero_exit(string scenario)
    {
        var plan = scenarios.Plan(scenario);

        Assert.Equal(
            ["sc.exe", "failure", Service, "reset=", "86400", "actions=", "restart/5000/restart/10000/restart/30000"],
            Assert.Single(plan.Single(s => s.Kind == "SetRecovery").Commands));
        Assert.Equal(["sc.exe", "failureflag", Service, "1"], Assert.Single(plan.Single(s => s.Kind == "SetFailureFlag").Commands));
        Assert.True(IndexOf(plan, "SetFailureFlag") < IndexOf(plan, "StartService"));
    }

    [Fact]
    public void An_upgrade_keeps_the_station_files_and_replaces_binaries_only_while_the_service_is_stopped()
    {
        var plan = scenarios.Plan("upgrade");

        Assert.True(IndexOf(plan, "StopService") < IndexOf(plan, "CopyBinaries"), "stopped before the binaries are replaced");
        Assert.True(IndexOf(plan, "CopyBinaries") < IndexOf(plan, "StartService"), "started after the binaries are replaced");
        Assert.Equal(plan.Count - 1, IndexOf(plan, "StartService"));
        Assert.Equal(["presets/neon.json"], plan.Where(s => s.Kind == "SeedFile").Select(s => s.Text("Relative")));
        Assert.Equal(
            ["appsettings.json", "presets/default.json", "api-keys.json"],
            plan.Where(s => s.Kind == "KeepFile").Select(s => s.Text("Relative")));
        Assert.DoesNotContain(plan, s => s.Kind is "WriteApiKey" or "CreateService" or "CreateEventSource");
        Assert.Equal("delayed-auto", plan.Single(s => s.Kind == "UpdateService").Commands[0][6]);
        Assert.Equal(@"C:\drop\win-x64", plan.Single(s => s.Kind == "CopyBinaries").Text("Source"));
        Assert.True(IndexOf(plan, "RemoveFirewallRules") < IndexOf(plan, "AddFirewallRule"), "old rules go before the new ones come");
    }

    [Fact]
    public void Firewall_rules_cover_ndi_for_the_service_executable_and_the_api_only_beyond_loopback()
    {
        static IReadOnlyList<(string Protocol, string Port, string Remote, string Program)> Rules(IEnumerable<PlanStep> plan) =>
            [.. plan.Where(s => s.Kind == "AddFirewallRule").Select(s => s.Details.GetProperty("Rule")).Select(r => (
                r.GetProperty("Protocol").GetString()!, r.GetProperty("LocalPort").GetString()!,
                r.GetProperty("RemoteAddress").GetString()!, r.GetProperty("Program").GetString()!))];
        const string exe = @"C:\Program Files\StreamDiffusion.Broadcast\sdbroadcast.exe";

        (string, string, string, string)[] ndi = [("UDP", "5353", "Any", exe), ("TCP", "Any", "Any", exe), ("UDP", "Any", "Any", exe)];
        Assert.Equal(ndi, Rules(scenarios.Plan("fresh")));
        Assert.Equal([.. ndi, ("TCP", "7870", "LocalSubnet", exe)], Rules(scenarios.Plan("openApi")));
        Assert.All(
            scenarios.Plan("fresh").Where(s => s.Kind == "AddFirewallRule"),
            s => Assert.Equal("Domain,Private", s.Details.GetProperty("Rule").GetProperty("Profile").GetString()));
        Assert.DoesNotContain(scenarios.Plan("noFirewall"), s => s.Kind is "AddFirewallRule" or "RemoveFirewallRules");
        Assert.Contains(scenarios.Plan("noFirewall"), s => s.Kind == "SkipFirewall");
    }

    [Fact]
    public void A_missing_ndi_runtime_is_a_warning_with_the_download_link_not_a_failure()
    {
        var missing = scenarios.Plan("fresh").Single(s => s.Kind == "CheckNdiRuntime");
        var found = scenarios.Plan("upgrade").Single(s => s.Kind == "CheckNdiRuntime");

        Assert.Equal("Warning", missing.Text("Severity"));
        Assert.Contains("https://ndi.video/", missing.Description, StringComparison.Ordinal);
        Assert.Equal("Information", found.Text("Severity"));
        Assert.Contains("580.10", scenarios.Plan("upgrade").Single(s => s.Kind == "CheckGpu").Description, StringComparison.Ordinal);
    }

    [Fact]
    public void A_network_on_the_public_profile_is_warned_about()
    {
        var warning = scenarios.Plan("upgrade").Single(s => s.Kind == "CheckNetworkProfile");

        Assert.Equal("Warning", warning.Text("Severity"));
        Assert.Contains("Ethernet 2", warning.Description, StringComparison.Ordinal);
        Assert.DoesNotContain(scenarios.Plan("fresh"), s => s.Kind == "CheckNetworkProfile");
    }

    [Fact]
    public void Uninstall_keeps_the_data_root_unless_asked_to_remove_it()
    {
        var keep = scenarios.Plan("uninstallKeep");
        var remove = scenarios.Plan("uninstallRemove");

        string[] common = ["StopService", "DeleteService", "RemoveFirewallRules", "RemoveEventSource", "RemoveBinaries"];
        Assert.Equal([.. common, "KeepData"], keep.Select(s => s.Kind));
        Assert.Equal([.. common, "RemoveData"], remove.Select(s => s.Kind));
        Assert.Equal(WindowsPlanScenarios.DataDir, remove[^1].Text("Path"));
        Assert.Equal(WindowsPlanScenarios.InstallDir, keep.Single(s => s.Kind == "RemoveBinaries").Text("Path"));
    }

    [Fact]
    public void Bad_input_is_refused_with_the_value_and_the_fix()
    {
        var badUrl = scenarios.Root.GetProperty("badUrl").GetString();
        var overlap = scenarios.Root.GetProperty("overlap").GetString();

        Assert.Contains("'localhost:7860'", badUrl, StringComparison.Ordinal);
        Assert.Contains("http://HOST:PORT", badUrl, StringComparison.Ordinal);
        Assert.Contains("overlap", overlap, StringComparison.Ordinal);
    }

    [Fact]
    public void The_executor_runs_no_step_under_WhatIf()
    {
        Assert.Equal(0, scenarios.Root.GetProperty("executedWithWhatIf").GetInt32());
        Assert.Equal(scenarios.Plan("fresh").Count, scenarios.Root.GetProperty("executedWithoutWhatIf").GetInt32());
    }

    [Fact]
    public async Task The_script_with_WhatIf_prints_the_plan_and_changes_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var publish = InstallerProcesses.CreatePublishFolder(_scratch, "sdbroadcast.exe");
        var data = _scratch.CreateSubdirectory("data");
        File.WriteAllText(Path.Combine(data.FullName, "appsettings.json"), """{ "schemaVersion": 1, "Api": { "Urls": "http://0.0.0.0:7999" } }""");
        var install = Path.Combine(_scratch.FullName, "install");
        var before = InstallerProcesses.Snapshot(_scratch);

        var result = await InstallerProcesses.RunPowerShellFileAsync(
            InstallerProcesses.WindowsScript, ["-WhatIf", "-SourcePath", publish.FullName, "-InstallDir", install, "-DataDir", data.FullName], ct);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("What if: Install StreamDiffusion.Broadcast", result.StandardOutput, StringComparison.Ordinal);
        var kinds = InstallerProcesses.PrintedKinds(result.StandardOutput);
        Assert.Contains("CreateService", kinds);
        Assert.Contains("[KeepFile] Keep the station's appsettings.json", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("allow inbound TCP 7999", result.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("Performing the operation", result.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(before, InstallerProcesses.Snapshot(_scratch));
        Assert.False(Directory.Exists(install));
    }
}
