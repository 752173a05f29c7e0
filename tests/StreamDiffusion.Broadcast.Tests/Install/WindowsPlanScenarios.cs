using System.Text.Json;

namespace StreamDiffusion.Broadcast.Tests.Install;

/// <summary>
/// Runs PowerShell once for the whole test class: parses install.ps1, dot-sources it, computes the plans of a fresh
/// install, an upgrade over a station's files, an install with the API opened to the network and both uninstalls, and
/// drives the executor with its only side-effecting function replaced by a recorder. The results come back as JSON.
/// </summary>
public sealed class WindowsPlanScenarios : IAsyncLifetime
{
    /// <summary>The install folder every scenario uses.</summary>
    public const string InstallDir = @"C:\Program Files\StreamDiffusion.Broadcast";

    /// <summary>The data root every scenario uses.</summary>
    public const string DataDir = @"C:\ProgramData\StreamDiffusion.Broadcast";

    /// <summary>The service name every scenario uses.</summary>
    public const string ServiceName = "StreamDiffusion.Broadcast";

    private const string Driver = """
        param([Parameter(Mandatory)] [string] $Installer, [Parameter(Mandatory)] [string] $OutFile)
        $ErrorActionPreference = 'Stop'
        $tokens = $null; $errors = $null
        [void][System.Management.Automation.Language.Parser]::ParseFile($Installer, [ref]$tokens, [ref]$errors)

        . $Installer

        $common = @{ ServiceName = 'StreamDiffusion.Broadcast'; InstallDir = 'C:\Program Files\StreamDiffusion.Broadcast'; DataDir = 'C:\ProgramData\StreamDiffusion.Broadcast' }
        $shipped = @('appsettings.json', 'presets/default.json', 'presets/neon.json')

        # A fresh machine: no service, no event source, no rules, an empty data root, no NDI runtime, no NVIDIA driver.
        $fresh = @(Get-SdbInstallPlan @common -ProjectPath 'C:\src\sdb\src\StreamDiffusion.Broadcast\StreamDiffusion.Broadcast.csproj' `
            -StagingDir 'C:\Temp\sdbroadcast-publish' -ShippedFiles $shipped)

        # An upgrade: the service, its event source and rules exist; the station has its own settings, a preset and keys.
        $upgrade = @(Get-SdbInstallPlan @common -SourcePath 'C:\drop\win-x64' -ServiceExists $true -EventSourceExists $true `
            -FirewallRulesExist $true -ShippedFiles $shipped -ExistingDataFiles @('appsettings.json', 'presets\default.json', 'api-keys.json') `
            -NdiRuntimeFolder 'C:\Program Files\NDI\NDI 6 Runtime\v6' -GpuSummary 'driver 580.10, NVIDIA RTX 4090, 24564 MiB' -PublicNetworks @('Ethernet 2'))

        # The API opened to the network on one URL, still on loopback on another.
        $openApi = @(Get-SdbInstallPlan @common -SourcePath 'C:\drop\win-x64' -ShippedFiles $shipped -ApiUrls 'http://0.0.0.0:7870;http://127.0.0.1:7861')
        $noFirewall = @(Get-SdbInstallPlan @common -SourcePath 'C:\drop\win-x64' -ShippedFiles $shipped -SkipFirewall)

        $uninstallKeep = @(Get-SdbUninstallPlan @common)
        $uninstallRemove = @(Get-SdbUninstallPlan @common -RemoveData)

        $badUrl = try { [void](Get-SdbInstallPlan @common -SourcePath 'C:\drop' -ApiUrls 'localhost:7860'); '' } catch { $_.Exception.Message }
        $overlap = try { [void](Get-SdbInstallPlan -ServiceName 'S' -InstallDir 'C:\Program Files\S' -DataDir 'C:\Program Files\S\data' -SourcePath 'C:\drop'); '' } catch { $_.Exception.Message }

        # The executor with its one side-effecting function replaced by a recorder: -WhatIf must call it for no step.
        $script:executed = [System.Collections.Generic.List[string]]::new()
        function Invoke-SdbStep { param($Step) $script:executed.Add($Step.Kind) }
        Invoke-SdbPlan -Plan $fresh -WhatIf
        $executedWithWhatIf = $script:executed.Count
        Invoke-SdbPlan -Plan $fresh 6>$null
        $executedWithoutWhatIf = $script:executed.Count

        [ordered]@{
            tokenCount            = $tokens.Count
            parseErrors           = @($errors | ForEach-Object { $_.ToString() })
            fresh                 = $fresh
            upgrade               = $upgrade
            openApi               = $openApi
            noFirewall            = $noFirewall
            uninstallKeep         = $uninstallKeep
            uninstallRemove       = $uninstallRemove
            badUrl                = $badUrl
            overlap               = $overlap
            executedWithWhatIf    = $executedWithWhatIf
            executedWithoutWhatIf = $executedWithoutWhatIf
        } | ConvertTo-Json -Depth 12 | Set-Content -LiteralPath $OutFile -Encoding utf8NoBOM
        """;

    private readonly DirectoryInfo _scratch = Directory.CreateTempSubdirectory("sdb-install-ps-");
    private JsonDocument? _document;

    /// <summary>The driver's JSON output.</summary>
    public JsonElement Root => _document?.RootElement ?? throw new InvalidOperationException("The PowerShell scenarios did not run.");

    /// <summary>The steps of one scenario's plan.</summary>
    public IReadOnlyList<PlanStep> Plan(string scenario) => [.. Root.GetProperty(scenario).EnumerateArray().Select(PlanStep.From)];

    public async ValueTask InitializeAsync()
    {
        var output = Path.Combine(_scratch.FullName, "scenarios.json");
        var result = await InstallerProcesses.RunPowerShellAsync(
            _scratch, Driver, ["-Installer", InstallerProcesses.WindowsScript, "-OutFile", output], TestContext.Current.CancellationToken);
        if (result.ExitCode != 0 || !File.Exists(output))
        {
            throw new InvalidOperationException($"The PowerShell scenario driver failed.\n{result}");
        }

        _document = JsonDocument.Parse(await File.ReadAllTextAsync(output, TestContext.Current.CancellationToken));
    }

    public ValueTask DisposeAsync()
    {
        _document?.Dispose();
        _scratch.Delete(recursive: true);
        return ValueTask.CompletedTask;
    }
}
