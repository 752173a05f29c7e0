<#
.SYNOPSIS
    Installs, upgrades or uninstalls StreamDiffusion.Broadcast as a Windows service.

.DESCRIPTION
    The script first COMPUTES a plan (a list of steps: kind, description, details) from what it finds on the machine,
    prints it, and only then EXECUTES it. The plan functions have no side effects and take the machine's state as
    parameters, so tests can plan a fresh install or an upgrade on any machine (docs/install.md).

    -WhatIf prints the plan and changes nothing (no elevation needed). Executing needs an elevated PowerShell 7.

.PARAMETER SourcePath
    A folder with already published binaries (sdbroadcast.exe, appsettings.json, presets\). Without it the script
    publishes src/StreamDiffusion.Broadcast from this repository into a staging folder first.

.PARAMETER InstallDir
    Where the binaries go. Default: $env:ProgramFiles\StreamDiffusion.Broadcast. Replaced on upgrade.

.PARAMETER DataDir
    The data root: appsettings.json, presets\, api-keys.json, models\, logs\. Default:
    $env:ProgramData\StreamDiffusion.Broadcast. Seeded only where files are absent; kept on uninstall.

.PARAMETER ServiceName
    The Windows service name (also the event log source and the firewall rule group).

.PARAMETER SelfContained
    Publish self-contained (no .NET runtime needed on the machine). Default: framework-dependent.

.PARAMETER SkipFirewall
    Add no firewall rules (for machines whose firewall is managed centrally).

.PARAMETER Uninstall
    Stop and delete the service, its firewall rules, its event log source and the binaries. Keeps the data root.

.PARAMETER RemoveData
    With -Uninstall: also delete the data root (configuration, presets, API keys, models, logs).

.EXAMPLE
    .\install.ps1 -WhatIf
.EXAMPLE
    .\install.ps1 -SourcePath .\artifacts\publish\win-x64
.EXAMPLE
    .\install.ps1 -Uninstall
#>
[CmdletBinding(SupportsShouldProcess)]
param(
    [string] $SourcePath,
    [string] $InstallDir,
    [string] $DataDir,
    [string] $ServiceName = 'StreamDiffusion.Broadcast',
    [switch] $SelfContained,
    [switch] $SkipFirewall,
    [switch] $Uninstall,
    [switch] $RemoveData
)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

# ---------------------------------------------------------------------------------------------------------------------
# Constants
# ---------------------------------------------------------------------------------------------------------------------

$script:SdbExeName = 'sdbroadcast.exe'
$script:SdbDefaultApiUrls = 'http://127.0.0.1:7860'
$script:SdbNdiDownload = 'https://ndi.video/'
$script:SdbNdiLibrary = 'Processing.NDI.Lib.x64.dll'
# Restart after 5 s, 10 s, 30 s; the failure count resets after a day without failures (ops.md §2.2, §1.4).
$script:SdbRecoveryActions = 'restart/5000/restart/10000/restart/30000'
$script:SdbRecoveryResetSeconds = 86400
# The documented NDI ports (ops.md §2.3, from NDI's networking documentation). The ranges are open-ended ("higher
# numbers if taken"), which is why the rules are scoped to the service executable rather than to port ranges.
$script:SdbNdiDocumentedPorts = 'UDP 5353 (mDNS); TCP 5959 (Discovery Server); TCP 5960 (enumeration by IP); TCP 5961+ (per-stream); UDP 5960+ (reliable UDP); TCP/UDP 6960+ (receiving); TCP/UDP 7960+ (sending)'

# ---------------------------------------------------------------------------------------------------------------------
# Plan: pure functions. They read nothing from the machine and change nothing; the machine's state is a parameter.
# ---------------------------------------------------------------------------------------------------------------------

function Join-SdbPath {
    <# Joins a folder and a relative path with the folder's own separator, so a Windows plan reads the same on any OS. #>
    param([Parameter(Mandatory)] [string] $Folder, [Parameter(Mandatory)] [string] $Child)
    $separator = if ($Folder.Contains('\') -and -not $Folder.Contains('/')) { '\' } else { [string][System.IO.Path]::DirectorySeparatorChar }
    $Folder.TrimEnd('\', '/') + $separator + ($Child.Trim('\', '/') -replace '[\\/]', $separator)
}

function New-SdbStep {
    <# One step of a plan: what kind of action, a sentence for the operator, and the exact details the executor uses. #>
    param(
        [Parameter(Mandatory)] [string] $Kind,
        [Parameter(Mandatory)] [string] $Description,
        [System.Collections.IDictionary] $Details = @{}
    )
    [pscustomobject]@{
        PSTypeName  = 'Sdb.InstallStep'
        Kind        = $Kind
        Description = $Description
        Details     = [pscustomobject]$Details
    }
}

function ConvertFrom-SdbApiUrl {
    <# Parses one Kestrel URL (http://127.0.0.1:7860, http://*:7860, https://[::1]:443) into host, port and loopback. #>
    param([Parameter(Mandatory)] [string] $Url)
    $match = [regex]::Match($Url.Trim(), '^(?<scheme>https?)://(?<host>\[[^\]]+\]|[^:/\[\]]+)(:(?<port>\d{1,5}))?/?$', 'IgnoreCase')
    if (-not $match.Success) {
        throw "Api:Urls: '$Url' is not a URL Kestrel can listen on. Use the form http://HOST:PORT, e.g. $script:SdbDefaultApiUrls."
    }
    $scheme = $match.Groups['scheme'].Value.ToLowerInvariant()
    $hostName = $match.Groups['host'].Value.ToLowerInvariant()
    $port = if ($match.Groups['port'].Success) { [int]$match.Groups['port'].Value } elseif ($scheme -eq 'https') { 443 } else { 80 }
    if ($port -lt 1 -or $port -gt 65535) {
        throw "Api:Urls: port $port in '$Url' is outside 1-65535. Choose a port such as 7860."
    }
    $loopback = $hostName -eq 'localhost' -or $hostName -eq '[::1]' -or $hostName -match '^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$'
    [pscustomobject]@{ Url = $Url.Trim(); Scheme = $scheme; Host = $hostName; Port = $port; IsLoopback = $loopback }
}

function Get-SdbApiEndpoint {
    <# Splits Api:Urls (Kestrel separates URLs with ';') into parsed endpoints. #>
    param([string] $ApiUrls)
    if ([string]::IsNullOrWhiteSpace($ApiUrls)) { $ApiUrls = $script:SdbDefaultApiUrls }
    foreach ($url in $ApiUrls.Split(';', [System.StringSplitOptions]::RemoveEmptyEntries -bor [System.StringSplitOptions]::TrimEntries)) {
        ConvertFrom-SdbApiUrl -Url $url
    }
}

function Get-SdbFirewallRule {
    <#
        The inbound rules the service needs, all in one group so uninstall removes them in one call. NDI: TCP and UDP
        for the service executable on the Domain and Private profiles, and mDNS (UDP 5353) for discovery (ops.md §2.3).
        The API port only when Api:Urls listens beyond loopback, and then only from the local subnet.
    #>
    param(
        [Parameter(Mandatory)] [string] $ServiceName,
        [Parameter(Mandatory)] [string] $ProgramPath,
        [string] $ApiUrls
    )
    $source = 'NDI networking documentation, see docs/install.md and ops.md §2.3'
    [pscustomobject]@{ DisplayName = "$ServiceName - NDI mDNS discovery (UDP 5353)"; Group = $ServiceName; Direction = 'Inbound'; Protocol = 'UDP'; LocalPort = '5353'; Program = $ProgramPath; Profile = 'Domain,Private'; RemoteAddress = 'Any'; Source = $source }
    [pscustomobject]@{ DisplayName = "$ServiceName - NDI video (TCP)"; Group = $ServiceName; Direction = 'Inbound'; Protocol = 'TCP'; LocalPort = 'Any'; Program = $ProgramPath; Profile = 'Domain,Private'; RemoteAddress = 'Any'; Source = $source }
    [pscustomobject]@{ DisplayName = "$ServiceName - NDI video (UDP)"; Group = $ServiceName; Direction = 'Inbound'; Protocol = 'UDP'; LocalPort = 'Any'; Program = $ProgramPath; Profile = 'Domain,Private'; RemoteAddress = 'Any'; Source = $source }
    $ports = @(Get-SdbApiEndpoint -ApiUrls $ApiUrls | Where-Object { -not $_.IsLoopback } | ForEach-Object { $_.Port } | Sort-Object -Unique)
    foreach ($port in $ports) {
        [pscustomobject]@{ DisplayName = "$ServiceName - control API (TCP $port)"; Group = $ServiceName; Direction = 'Inbound'; Protocol = 'TCP'; LocalPort = "$port"; Program = $ProgramPath; Profile = 'Domain,Private'; RemoteAddress = 'LocalSubnet'; Source = 'Api:Urls in appsettings.json' }
    }
}

function Get-SdbSeedStep {
    <#
        Seeding steps for the data root: one SeedFile per shipped default that is ABSENT, one KeepFile per file the
        station already has. Never a step that overwrites (the same rule as DataRoot.SeedFrom in the service).
    #>
    param(
        [Parameter(Mandatory)] [string] $SourceRoot,
        [Parameter(Mandatory)] [string] $DataDir,
        [string[]] $ShippedFiles = @(),
        [string[]] $ExistingDataFiles = @()
    )
    $existing = [System.Collections.Generic.HashSet[string]]::new([System.StringComparer]::OrdinalIgnoreCase)
    foreach ($file in $ExistingDataFiles) { [void]$existing.Add(($file -replace '\\', '/')) }
    foreach ($file in $ShippedFiles) {
        $relative = $file -replace '\\', '/'
        $target = Join-SdbPath $DataDir $relative
        if ($existing.Contains($relative)) {
            New-SdbStep -Kind 'KeepFile' -Description "Keep the station's $relative (never overwritten)" -Details ([ordered]@{ Relative = $relative; Target = $target })
        }
        else {
            New-SdbStep -Kind 'SeedFile' -Description "Seed $relative (absent)" -Details ([ordered]@{ Relative = $relative; Source = (Join-SdbPath $SourceRoot $relative); Target = $target; Overwrite = $false })
        }
    }
}

function Get-SdbNdiRuntimeStep {
    <# The NDI runtime check: a warning with the download link when it is missing, never a failure. #>
    param([string] $NdiRuntimeFolder)
    if ([string]::IsNullOrEmpty($NdiRuntimeFolder)) {
        New-SdbStep -Kind 'CheckNdiRuntime' -Description "WARNING: the NDI runtime ($script:SdbNdiLibrary) was not found (NDI_RUNTIME_DIR_V6, NDI_RUNTIME_DIR_V5, the runtime's default folder, the install folder). Install the NDI 6 Runtime from $script:SdbNdiDownload, then restart the service; until then channels cannot receive or send NDI." -Details ([ordered]@{ Severity = 'Warning'; Found = $false; Download = $script:SdbNdiDownload })
    }
    else {
        New-SdbStep -Kind 'CheckNdiRuntime' -Description "NDI runtime found in $NdiRuntimeFolder" -Details ([ordered]@{ Severity = 'Information'; Found = $true; Folder = $NdiRuntimeFolder })
    }
}

function Get-SdbGpuStep {
    <# GPU driver information (nvidia-smi); its absence is not an error: channels may run on the CPU or DirectML. #>
    param([string] $GpuSummary)
    if ([string]::IsNullOrEmpty($GpuSummary)) {
        New-SdbStep -Kind 'CheckGpu' -Description 'No NVIDIA driver found (nvidia-smi is absent): the cuda and tensorrt providers will not load; cpu and directml remain.' -Details ([ordered]@{ Severity = 'Information'; Found = $false })
    }
    else {
        New-SdbStep -Kind 'CheckGpu' -Description "NVIDIA GPU: $GpuSummary (CUDA 12 needs driver 525 or later, CUDA 13 needs 580 or later)" -Details ([ordered]@{ Severity = 'Information'; Found = $true; Summary = $GpuSummary })
    }
}

function Get-SdbServiceBinaryPath {
    <# The service's command line: the exe and an explicit data root, so the service and the installer agree. #>
    param([Parameter(Mandatory)] [string] $InstallDir, [Parameter(Mandatory)] [string] $DataDir)
    '"{0}" run --data-root "{1}"' -f (Join-SdbPath $InstallDir $script:SdbExeName), $DataDir
}

function Assert-SdbInstallPaths {
    <# Refuses folder choices that would let the binaries mirror delete station data. #>
    param([Parameter(Mandatory)] [string] $InstallDir, [Parameter(Mandatory)] [string] $DataDir)
    $install = $InstallDir.TrimEnd('\', '/') + [System.IO.Path]::DirectorySeparatorChar
    $data = $DataDir.TrimEnd('\', '/') + [System.IO.Path]::DirectorySeparatorChar
    $normalise = { param($p) ($p -replace '[\\/]', '/').ToLowerInvariant() }
    if ((& $normalise $data).StartsWith((& $normalise $install)) -or (& $normalise $install).StartsWith((& $normalise $data))) {
        throw "-DataDir '$DataDir' and -InstallDir '$InstallDir' overlap: the install folder is replaced on every upgrade, which would delete station data. Choose separate folders (defaults: `$env:ProgramFiles\StreamDiffusion.Broadcast and `$env:ProgramData\StreamDiffusion.Broadcast)."
    }
}

function Get-SdbInstallPlan {
    <#
        The install or upgrade plan. Upgrade = the service exists: it is stopped before the binaries are replaced and
        started after; the station's files are kept. Parameters describe the machine (from Get-SdbMachineState).
    #>
    param(
        [Parameter(Mandatory)] [string] $ServiceName,
        [Parameter(Mandatory)] [string] $InstallDir,
        [Parameter(Mandatory)] [string] $DataDir,
        [string] $SourcePath,
        [string] $ProjectPath,
        [string] $StagingDir,
        [string] $Runtime = 'win-x64',
        [switch] $SelfContained,
        [switch] $SkipFirewall,
        [bool] $ServiceExists = $false,
        [bool] $EventSourceExists = $false,
        [bool] $FirewallRulesExist = $false,
        [string[]] $ShippedFiles = @(),
        [string[]] $ExistingDataFiles = @(),
        [string] $ApiUrls = $script:SdbDefaultApiUrls,
        [string] $NdiRuntimeFolder,
        [string] $GpuSummary,
        [string[]] $PublicNetworks = @()
    )
    Assert-SdbInstallPaths -InstallDir $InstallDir -DataDir $DataDir
    $upgrade = $ServiceExists
    $exe = Join-SdbPath $InstallDir $script:SdbExeName
    $account = "NT SERVICE\$ServiceName"
    $displayName = 'StreamDiffusion.Broadcast'
    $description = 'NDI in, StreamDiffusion restyling on ONNX Runtime, NDI out. Control API and health on Api:Urls.'

    Get-SdbNdiRuntimeStep -NdiRuntimeFolder $NdiRuntimeFolder
    Get-SdbGpuStep -GpuSummary $GpuSummary
    if (-not $SkipFirewall -and @($PublicNetworks).Count -gt 0) {
        New-SdbStep -Kind 'CheckNetworkProfile' -Description "WARNING: the network(s) $(@($PublicNetworks) -join ', ') use the Public profile, where the NDI rules do not apply. Set them to Private (Set-NetConnectionProfile -NetworkCategory Private) for NDI to work there." -Details ([ordered]@{ Severity = 'Warning'; PublicNetworks = @($PublicNetworks) })
    }

    if ([string]::IsNullOrEmpty($SourcePath)) {
        if ([string]::IsNullOrEmpty($ProjectPath) -or [string]::IsNullOrEmpty($StagingDir)) {
            throw 'Without -SourcePath the plan needs the project to publish and a staging folder (-ProjectPath, -StagingDir).'
        }
        $publishArgs = @('publish', $ProjectPath, '-c', 'Release', '-r', $Runtime, '--self-contained', $(if ($SelfContained) { 'true' } else { 'false' }), '-o', $StagingDir, '-nologo')
        New-SdbStep -Kind 'Publish' -Description "Publish $ProjectPath ($Runtime, Release) to $StagingDir" -Details ([ordered]@{ Commands = @(, (@('dotnet') + $publishArgs)); Output = $StagingDir })
        $binaries = $StagingDir
    }
    else {
        $binaries = $SourcePath
    }

    if ($upgrade) {
        New-SdbStep -Kind 'StopService' -Description "Stop the service $ServiceName and wait until it has stopped (running binaries are locked)" -Details ([ordered]@{ Name = $ServiceName; TimeoutSeconds = 60 })
    }
    New-SdbStep -Kind 'CreateFolders' -Description "Create the install folder and the data root folders (existing ones are left as they are)" -Details ([ordered]@{ Folders = @($InstallDir, $DataDir, (Join-SdbPath $DataDir 'presets'), (Join-SdbPath $DataDir 'models'), (Join-SdbPath $DataDir 'logs')) })
    New-SdbStep -Kind 'CopyBinaries' -Description "$(if ($upgrade) { 'Replace' } else { 'Copy' }) the binaries: mirror $binaries into $InstallDir" -Details ([ordered]@{ Source = $binaries; Destination = $InstallDir; Mirror = $true })

    Get-SdbSeedStep -SourceRoot $binaries -DataDir $DataDir -ShippedFiles $ShippedFiles -ExistingDataFiles $ExistingDataFiles
    $keysFile = Join-SdbPath $DataDir 'api-keys.json'
    if (@($ExistingDataFiles | Where-Object { ($_ -replace '\\', '/') -ieq 'api-keys.json' }).Count -gt 0) {
        New-SdbStep -Kind 'KeepFile' -Description 'Keep the existing api-keys.json (no new key is generated)' -Details ([ordered]@{ Relative = 'api-keys.json'; Target = $keysFile })
    }
    else {
        New-SdbStep -Kind 'WriteApiKey' -Description "Generate an API key (control scope), store its SHA-256 in $keysFile and print the key once" -Details ([ordered]@{ Path = $keysFile; Name = 'installer'; Scope = 'control' })
    }

    if (-not $EventSourceExists) {
        New-SdbStep -Kind 'CreateEventSource' -Description "Create the event log source $ServiceName in the Application log" -Details ([ordered]@{ Source = $ServiceName; Log = 'Application' })
    }

    $binPath = Get-SdbServiceBinaryPath -InstallDir $InstallDir -DataDir $DataDir
    if ($upgrade) {
        New-SdbStep -Kind 'UpdateService' -Description "Update the service $ServiceName (command line, delayed automatic start, account $account, description)" -Details ([ordered]@{
                Name     = $ServiceName
                Commands = @(
                    @('sc.exe', 'config', $ServiceName, 'binPath=', $binPath, 'start=', 'delayed-auto', 'obj=', $account, 'DisplayName=', $displayName),
                    @('sc.exe', 'description', $ServiceName, $description))
            })
    }
    else {
        New-SdbStep -Kind 'CreateService' -Description "Create the service $ServiceName (delayed automatic start, account $account)" -Details ([ordered]@{
                Name     = $ServiceName
                # The virtual account NT SERVICE\<name> exists only once the service does: create, then switch the account.
                Commands = @(
                    @('sc.exe', 'create', $ServiceName, 'binPath=', $binPath, 'start=', 'delayed-auto', 'DisplayName=', $displayName),
                    @('sc.exe', 'config', $ServiceName, 'obj=', $account),
                    @('sc.exe', 'description', $ServiceName, $description))
            })
    }
    New-SdbStep -Kind 'GrantDataAccess' -Description "Give $account modify rights on the data root $DataDir" -Details ([ordered]@{ Commands = @(, @('icacls.exe', $DataDir, '/grant', "${account}:(OI)(CI)M", '/Q')) })
    New-SdbStep -Kind 'SetRecovery' -Description "Recovery: restart after 5 s, 10 s, 30 s; reset the failure count after $script:SdbRecoveryResetSeconds s" -Details ([ordered]@{ Commands = @(, @('sc.exe', 'failure', $ServiceName, 'reset=', "$script:SdbRecoveryResetSeconds", 'actions=', $script:SdbRecoveryActions)) })
    New-SdbStep -Kind 'SetFailureFlag' -Description 'Recovery also on a stop with a non-zero exit code (not only on crashes)' -Details ([ordered]@{ Commands = @(, @('sc.exe', 'failureflag', $ServiceName, '1')) })

    if ($SkipFirewall) {
        New-SdbStep -Kind 'SkipFirewall' -Description 'No firewall rules (-SkipFirewall): open NDI (docs/install.md) on the managed firewall' -Details ([ordered]@{ DocumentedPorts = $script:SdbNdiDocumentedPorts })
    }
    else {
        if ($FirewallRulesExist) {
            New-SdbStep -Kind 'RemoveFirewallRules' -Description "Remove the previous firewall rules of group $ServiceName" -Details ([ordered]@{ Group = $ServiceName })
        }
        foreach ($rule in Get-SdbFirewallRule -ServiceName $ServiceName -ProgramPath $exe -ApiUrls $ApiUrls) {
            New-SdbStep -Kind 'AddFirewallRule' -Description "Firewall: allow inbound $($rule.Protocol) $($rule.LocalPort) for $($rule.Program) from $($rule.RemoteAddress) ($($rule.Profile))" -Details ([ordered]@{ Rule = $rule; DocumentedPorts = $script:SdbNdiDocumentedPorts })
        }
    }

    $endpoint = @(Get-SdbApiEndpoint -ApiUrls $ApiUrls)[0]
    $healthHost = if ($endpoint.IsLoopback) { $endpoint.Host } else { '127.0.0.1' }
    New-SdbStep -Kind 'StartService' -Description "Start the service $ServiceName and wait for /health/live" -Details ([ordered]@{ Name = $ServiceName; HealthUrl = "$($endpoint.Scheme)://${healthHost}:$($endpoint.Port)/health/live"; TimeoutSeconds = 60 })
}

function Get-SdbUninstallPlan {
    <# The uninstall plan: everything the installer added, except the data root unless -RemoveData. #>
    param(
        [Parameter(Mandatory)] [string] $ServiceName,
        [Parameter(Mandatory)] [string] $InstallDir,
        [Parameter(Mandatory)] [string] $DataDir,
        [bool] $ServiceExists = $true,
        [bool] $EventSourceExists = $true,
        [bool] $FirewallRulesExist = $true,
        [bool] $InstallDirExists = $true,
        [bool] $DataDirExists = $true,
        [switch] $RemoveData
    )
    Assert-SdbInstallPaths -InstallDir $InstallDir -DataDir $DataDir
    if ($ServiceExists) {
        New-SdbStep -Kind 'StopService' -Description "Stop the service $ServiceName and wait until it has stopped" -Details ([ordered]@{ Name = $ServiceName; TimeoutSeconds = 60 })
        New-SdbStep -Kind 'DeleteService' -Description "Delete the service $ServiceName" -Details ([ordered]@{ Name = $ServiceName; Commands = @(, @('sc.exe', 'delete', $ServiceName)) })
    }
    if ($FirewallRulesExist) {
        New-SdbStep -Kind 'RemoveFirewallRules' -Description "Remove the firewall rules of group $ServiceName" -Details ([ordered]@{ Group = $ServiceName })
    }
    if ($EventSourceExists) {
        New-SdbStep -Kind 'RemoveEventSource' -Description "Remove the event log source $ServiceName" -Details ([ordered]@{ Source = $ServiceName })
    }
    if ($InstallDirExists) {
        New-SdbStep -Kind 'RemoveBinaries' -Description "Remove the binaries in $InstallDir" -Details ([ordered]@{ Path = $InstallDir })
    }
    if ($DataDirExists) {
        if ($RemoveData) {
            New-SdbStep -Kind 'RemoveData' -Description "Remove the data root $DataDir (configuration, presets, API keys, models, logs)" -Details ([ordered]@{ Path = $DataDir })
        }
        else {
            New-SdbStep -Kind 'KeepData' -Description "Keep the data root $DataDir (remove it with -Uninstall -RemoveData)" -Details ([ordered]@{ Path = $DataDir })
        }
    }
}

function Format-SdbPlan {
    <# The plan as numbered lines for the operator (and for -WhatIf). #>
    param([Parameter(Mandatory)] [AllowEmptyCollection()] [object[]] $Plan)
    $number = 0
    foreach ($step in $Plan) {
        $number++
        '{0,2}. [{1}] {2}' -f $number, $step.Kind, $step.Description
        if ($step.Details.PSObject.Properties.Name -contains 'Commands') {
            foreach ($command in $step.Details.Commands) { '      > ' + (($command | ForEach-Object { if ($_ -match '\s') { '"' + ($_ -replace '"', '\"') + '"' } else { $_ } }) -join ' ') }
        }
    }
}

# ---------------------------------------------------------------------------------------------------------------------
# Machine state: read-only probes (safe under -WhatIf).
# ---------------------------------------------------------------------------------------------------------------------

function Get-SdbRelativeDataFile {
    <# The data root's files the installer may seed or keep, as paths relative to the root ('presets/x.json'). #>
    param([Parameter(Mandatory)] [string] $Root)
    if (-not (Test-Path -LiteralPath $Root -PathType Container)) { return }
    foreach ($name in @('appsettings.json', 'api-keys.json')) {
        if (Test-Path -LiteralPath (Join-SdbPath $Root $name) -PathType Leaf) { $name }
    }
    $presets = Join-SdbPath $Root 'presets'
    if (Test-Path -LiteralPath $presets -PathType Container) {
        Get-ChildItem -LiteralPath $presets -Filter '*.json' -File | ForEach-Object { "presets/$($_.Name)" }
    }
}

function Find-SdbNdiRuntime {
    <# The folder holding the NDI runtime library: NDI_RUNTIME_DIR_V6, then V5 (process, then machine scope), the runtime's default folder, the install folder. #>
    param([string] $InstallDir)
    $candidates = foreach ($name in @('NDI_RUNTIME_DIR_V6', 'NDI_RUNTIME_DIR_V5')) {
        [System.Environment]::GetEnvironmentVariable($name)
        if ($IsWindows) { [System.Environment]::GetEnvironmentVariable($name, [System.EnvironmentVariableTarget]::Machine) }
    }
    # The NDI 6 Runtime installer's default folder, in case the environment of this session predates its install.
    $defaultFolder = if ($env:ProgramFiles) { Join-SdbPath $env:ProgramFiles 'NDI\NDI 6 Runtime\v6' } else { $null }
    $candidates = @($candidates) + @($defaultFolder, $InstallDir)
    foreach ($folder in $candidates) {
        if (-not [string]::IsNullOrEmpty($folder) -and (Test-Path -LiteralPath (Join-SdbPath $folder $script:SdbNdiLibrary) -PathType Leaf)) { return $folder }
    }
    $null
}

function Get-SdbGpuSummary {
    <# 'driver, name, memory' from nvidia-smi, or $null when there is no NVIDIA driver. #>
    $smi = Get-Command 'nvidia-smi' -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if ($null -eq $smi) { return $null }
    try {
        $line = & $smi.Source '--query-gpu=driver_version,name,memory.total' '--format=csv,noheader' 2>$null | Select-Object -First 1
        if ($LASTEXITCODE -eq 0 -and $line) { return "driver $line" }
    }
    catch { Write-Verbose "nvidia-smi failed: $_" }
    'nvidia-smi present but did not answer'
}

function Get-SdbEffectiveApiUrl {
    <# Api:Urls from the station's appsettings.json if present, else from the shipped one, else the default. #>
    param([string[]] $SettingsFiles)
    foreach ($file in $SettingsFiles) {
        if ([string]::IsNullOrEmpty($file) -or -not (Test-Path -LiteralPath $file -PathType Leaf)) { continue }
        try { $settings = Get-Content -LiteralPath $file -Raw | ConvertFrom-Json }
        catch { throw "$file is not valid JSON ($($_.Exception.Message)). Fix the file or move it away, then run install.ps1 again." }
        if ($settings.PSObject.Properties.Name -contains 'Api' -and $settings.Api.PSObject.Properties.Name -contains 'Urls' -and $settings.Api.Urls) {
            return [string]$settings.Api.Urls
        }
    }
    $script:SdbDefaultApiUrls
}

function Get-SdbMachineState {
    <# Everything the plan functions need to know about this machine. Reads only. #>
    param(
        [Parameter(Mandatory)] [string] $ServiceName,
        [Parameter(Mandatory)] [string] $InstallDir,
        [Parameter(Mandatory)] [string] $DataDir,
        [Parameter(Mandatory)] [string] $ShippedRoot
    )
    $service = if ($IsWindows) { Get-Service -Name $ServiceName -ErrorAction SilentlyContinue } else { $null }
    $eventSource = $false
    $firewall = $false
    if ($IsWindows) {
        try { $eventSource = [System.Diagnostics.EventLog]::SourceExists($ServiceName) } catch { $eventSource = $false }
        $firewall = $null -ne (Get-NetFirewallRule -Group $ServiceName -ErrorAction SilentlyContinue | Select-Object -First 1)
    }
    $shipped = @()
    if (Test-Path -LiteralPath (Join-SdbPath $ShippedRoot 'appsettings.json') -PathType Leaf) { $shipped += 'appsettings.json' }
    if (Test-Path -LiteralPath (Join-SdbPath $ShippedRoot 'presets') -PathType Container) {
        $shipped += @(Get-ChildItem -LiteralPath (Join-SdbPath $ShippedRoot 'presets') -Filter '*.json' -File | Sort-Object Name | ForEach-Object { "presets/$($_.Name)" })
    }
    [pscustomobject]@{
        ServiceExists      = $null -ne $service
        EventSourceExists  = [bool]$eventSource
        FirewallRulesExist = [bool]$firewall
        InstallDirExists   = Test-Path -LiteralPath $InstallDir -PathType Container
        DataDirExists      = Test-Path -LiteralPath $DataDir -PathType Container
        ShippedFiles       = $shipped
        ExistingDataFiles  = @(Get-SdbRelativeDataFile -Root $DataDir)
        ApiUrls            = Get-SdbEffectiveApiUrl -SettingsFiles @((Join-SdbPath $DataDir 'appsettings.json'), (Join-SdbPath $ShippedRoot 'appsettings.json'))
        NdiRuntimeFolder   = Find-SdbNdiRuntime -InstallDir $InstallDir
        GpuSummary         = Get-SdbGpuSummary
        PublicNetworks     = @(if ($IsWindows) { Get-NetConnectionProfile -ErrorAction SilentlyContinue | Where-Object NetworkCategory -EQ 'Public' | ForEach-Object { $_.InterfaceAlias } })
    }
}

# ---------------------------------------------------------------------------------------------------------------------
# Execution: the thin layer that changes the machine. Nothing above this line has side effects.
# ---------------------------------------------------------------------------------------------------------------------

function Invoke-SdbNative {
    <# Runs a native tool and throws on a non-zero exit code (PowerShell does not stop on native failures by itself). #>
    param([Parameter(Mandatory)] [string[]] $Command, [int[]] $SuccessCodes = @(0))
    $file = $Command[0]
    $arguments = @($Command | Select-Object -Skip 1)
    & $file @arguments
    if ($SuccessCodes -notcontains $LASTEXITCODE) {
        throw "'$($Command -join ' ')' failed with exit code $LASTEXITCODE."
    }
}

function New-SdbApiKey {
    <# A new API key (256 random bits, base64url, prefixed 'sdb_') and its SHA-256 (lowercase hex of the UTF-8 key). #>
    $bytes = [System.Security.Cryptography.RandomNumberGenerator]::GetBytes(32)
    $key = 'sdb_' + ([System.Convert]::ToBase64String($bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_'))
    $hash = [System.Convert]::ToHexString([System.Security.Cryptography.SHA256]::HashData([System.Text.Encoding]::UTF8.GetBytes($key))).ToLowerInvariant()
    [pscustomobject]@{ Key = $key; Sha256 = $hash }
}

function Write-SdbApiKeyFile {
    <# Writes api-keys.json with one hashed key; refuses to replace an existing file (FileMode.CreateNew). #>
    param([Parameter(Mandatory)] [string] $Path, [Parameter(Mandatory)] [string] $Name, [Parameter(Mandatory)] [string] $Scope, [Parameter(Mandatory)] [string] $Sha256)
    $json = [ordered]@{ schemaVersion = 1; keys = @([ordered]@{ name = $Name; scope = $Scope; sha256 = $Sha256 }) } | ConvertTo-Json -Depth 4
    $stream = [System.IO.File]::Open($Path, [System.IO.FileMode]::CreateNew, [System.IO.FileAccess]::Write)
    try {
        $bytes = [System.Text.UTF8Encoding]::new($false).GetBytes($json + "`n")
        $stream.Write($bytes, 0, $bytes.Length)
    }
    finally { $stream.Dispose() }
}

function Invoke-SdbStep {
    <# Executes one step. The only function that changes the machine. #>
    param([Parameter(Mandatory)] $Step)
    $d = $Step.Details
    switch ($Step.Kind) {
        'CheckNdiRuntime' { if ($d.Severity -eq 'Warning') { Write-Warning $Step.Description } }
        'CheckGpu' { }
        'CheckNetworkProfile' { Write-Warning $Step.Description }
        'KeepFile' { }
        'KeepData' { }
        'SkipFirewall' { }
        'StopService' {
            $service = Get-Service -Name $d.Name -ErrorAction SilentlyContinue
            if ($null -ne $service -and $service.Status -ne 'Stopped') {
                Stop-Service -Name $d.Name -Force
                $service.WaitForStatus('Stopped', [TimeSpan]::FromSeconds($d.TimeoutSeconds))
            }
        }
        'CreateFolders' { foreach ($folder in $d.Folders) { [void](New-Item -ItemType Directory -Path $folder -Force) } }
        'CopyBinaries' {
            # robocopy: exit codes below 8 mean success (0 = nothing to copy, 1 = copied, 2/3 = extra files removed ...).
            Invoke-SdbNative -Command @('robocopy.exe', $d.Source, $d.Destination, '/MIR', '/R:3', '/W:2', '/NFL', '/NDL', '/NJH', '/NJS', '/NP') -SuccessCodes (0..7)
        }
        'SeedFile' {
            if (-not (Test-Path -LiteralPath $d.Target)) {
                try { [System.IO.File]::Copy($d.Source, $d.Target, $false) }
                catch [System.IO.IOException] { if (-not (Test-Path -LiteralPath $d.Target)) { throw } }
            }
        }
        'WriteApiKey' {
            if (Test-Path -LiteralPath $d.Path) { Write-Host "  $($d.Path) already exists; no new key."; break }
            $apiKey = New-SdbApiKey
            Write-SdbApiKeyFile -Path $d.Path -Name $d.Name -Scope $d.Scope -Sha256 $apiKey.Sha256
            Write-Host ''
            Write-Host '  API key (shown once; only its hash is stored, keep it in your password manager):'
            Write-Host "    $($apiKey.Key)"
            Write-Host "  Send it as the X-Api-Key header. Scope: $($d.Scope)."
            Write-Host ''
        }
        'CreateEventSource' {
            if (-not [System.Diagnostics.EventLog]::SourceExists($d.Source)) { [System.Diagnostics.EventLog]::CreateEventSource($d.Source, $d.Log) }
        }
        'RemoveEventSource' {
            if ([System.Diagnostics.EventLog]::SourceExists($d.Source)) { [System.Diagnostics.EventLog]::DeleteEventSource($d.Source) }
        }
        'RemoveFirewallRules' { Get-NetFirewallRule -Group $d.Group -ErrorAction SilentlyContinue | Remove-NetFirewallRule }
        'AddFirewallRule' {
            $r = $d.Rule
            $parameters = @{
                DisplayName = $r.DisplayName; Group = $r.Group; Direction = $r.Direction; Action = 'Allow'; Protocol = $r.Protocol
                LocalPort = $r.LocalPort; Program = $r.Program; Profile = ($r.Profile -split ','); RemoteAddress = $r.RemoteAddress
            }
            [void](New-NetFirewallRule @parameters)
        }
        'StartService' {
            Start-Service -Name $d.Name
            (Get-Service -Name $d.Name).WaitForStatus('Running', [TimeSpan]::FromSeconds($d.TimeoutSeconds))
            $deadline = [DateTime]::UtcNow.AddSeconds($d.TimeoutSeconds)
            $live = $false
            while (-not $live -and [DateTime]::UtcNow -lt $deadline) {
                try { $live = (Invoke-WebRequest -Uri $d.HealthUrl -UseBasicParsing -TimeoutSec 5).StatusCode -eq 200 } catch { Start-Sleep -Seconds 2 }
            }
            if (-not $live) { Write-Warning "The service runs but $($d.HealthUrl) did not answer within $($d.TimeoutSeconds) s; see the logs in the data root (logs\) and the Application event log." }
        }
        'RemoveBinaries' { if (Test-Path -LiteralPath $d.Path) { Remove-Item -LiteralPath $d.Path -Recurse -Force } }
        'RemoveData' { if (Test-Path -LiteralPath $d.Path) { Remove-Item -LiteralPath $d.Path -Recurse -Force } }
        default {
            if ($d.PSObject.Properties.Name -contains 'Commands') { foreach ($command in $d.Commands) { Invoke-SdbNative -Command $command } }
            else { throw "install.ps1: no executor for step kind '$($Step.Kind)'." }
        }
    }
}

function Invoke-SdbPlan {
    <# Prints each step and, unless -WhatIf, executes it; stops at the first failure and names the step. #>
    param([Parameter(Mandatory)] [AllowEmptyCollection()] [object[]] $Plan, [switch] $WhatIf)
    $number = 0
    foreach ($step in $Plan) {
        $number++
        if ($WhatIf) { continue }
        Write-Host ('{0,2}. [{1}] {2}' -f $number, $step.Kind, $step.Description)
        try { Invoke-SdbStep -Step $step }
        catch { throw "install.ps1: step $number [$($step.Kind)] failed: $($_.Exception.Message)" }
    }
}

function Test-SdbElevated {
    <# True when this process runs elevated on Windows. #>
    if (-not $IsWindows) { return $false }
    $principal = [System.Security.Principal.WindowsPrincipal]::new([System.Security.Principal.WindowsIdentity]::GetCurrent())
    $principal.IsInRole([System.Security.Principal.WindowsBuiltInRole]::Administrator)
}

function Invoke-SdbInstaller {
    <# The script's entry: gathers the machine state, computes the plan, prints it, and executes it unless -WhatIf. #>
    param(
        [string] $SourcePath, [string] $InstallDir, [string] $DataDir, [string] $ServiceName = 'StreamDiffusion.Broadcast',
        [switch] $SelfContained, [switch] $SkipFirewall, [switch] $Uninstall, [switch] $RemoveData, [switch] $WhatIf
    )
    if ([string]::IsNullOrEmpty($InstallDir)) {
        if (-not $env:ProgramFiles) { throw '-InstallDir is required on this system (no %ProgramFiles%).' }
        $InstallDir = Join-SdbPath $env:ProgramFiles 'StreamDiffusion.Broadcast'
    }
    if ([string]::IsNullOrEmpty($DataDir)) {
        if (-not $env:ProgramData) { throw '-DataDir is required on this system (no %ProgramData%).' }
        $DataDir = Join-SdbPath $env:ProgramData 'StreamDiffusion.Broadcast'
    }
    # A trailing backslash would escape the closing quote of --data-root "...\" on the service's command line.
    $InstallDir = $InstallDir.TrimEnd('\', '/')
    $DataDir = $DataDir.TrimEnd('\', '/')
    if ($RemoveData -and -not $Uninstall) { throw '-RemoveData only applies with -Uninstall (install never deletes station data).' }

    $repo = $PSScriptRoot
    if (-not [string]::IsNullOrEmpty($SourcePath)) {
        $SourcePath = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($SourcePath).TrimEnd('\', '/')
        if (-not $Uninstall -and -not (Test-Path -LiteralPath (Join-SdbPath $SourcePath $script:SdbExeName) -PathType Leaf)) {
            throw "-SourcePath '$SourcePath' holds no $script:SdbExeName. Point it at a 'dotnet publish -r win-x64' output folder, or omit it to publish from this repository."
        }
    }
    $shippedRoot = if ($SourcePath) { $SourcePath } else { $repo }
    $state = Get-SdbMachineState -ServiceName $ServiceName -InstallDir $InstallDir -DataDir $DataDir -ShippedRoot $shippedRoot

    if ($Uninstall) {
        $plan = @(Get-SdbUninstallPlan -ServiceName $ServiceName -InstallDir $InstallDir -DataDir $DataDir -ServiceExists $state.ServiceExists `
                -EventSourceExists $state.EventSourceExists -FirewallRulesExist $state.FirewallRulesExist -InstallDirExists $state.InstallDirExists `
                -DataDirExists $state.DataDirExists -RemoveData:$RemoveData)
        $title = "Uninstall $ServiceName"
    }
    else {
        $plan = @(Get-SdbInstallPlan -ServiceName $ServiceName -InstallDir $InstallDir -DataDir $DataDir -SourcePath $SourcePath `
                -ProjectPath (Join-SdbPath $repo 'src/StreamDiffusion.Broadcast/StreamDiffusion.Broadcast.csproj') `
                -StagingDir ([System.IO.Path]::Combine([System.IO.Path]::GetTempPath(), 'sdbroadcast-publish')) -SelfContained:$SelfContained -SkipFirewall:$SkipFirewall `
                -ServiceExists $state.ServiceExists -EventSourceExists $state.EventSourceExists -FirewallRulesExist $state.FirewallRulesExist `
                -ShippedFiles $state.ShippedFiles -ExistingDataFiles $state.ExistingDataFiles -ApiUrls $state.ApiUrls `
                -NdiRuntimeFolder $state.NdiRuntimeFolder -GpuSummary $state.GpuSummary -PublicNetworks $state.PublicNetworks)
        $title = "$(if ($state.ServiceExists) { 'Upgrade' } else { 'Install' }) $ServiceName into $InstallDir (data root $DataDir)"
    }

    if ($WhatIf) {
        Write-Output "What if: $title. Plan ($($plan.Count) steps, nothing is changed):"
        Format-SdbPlan -Plan $plan | Write-Output
        Invoke-SdbPlan -Plan $plan -WhatIf
        return
    }

    if (-not $IsWindows) { throw 'install.ps1 installs a Windows service. On Linux use deploy/install-linux.sh (docs/install.md); -WhatIf shows the Windows plan anywhere.' }
    if (-not (Test-SdbElevated)) { throw 'install.ps1 must run elevated to change services, firewall rules and ProgramData. Start PowerShell 7 with "Run as administrator", or add -WhatIf to only print the plan.' }
    Write-Host "$title ($($plan.Count) steps)"
    Invoke-SdbPlan -Plan $plan
    if (-not $Uninstall) {
        Write-Host "Done. Configuration: $(Join-SdbPath $DataDir 'appsettings.json'); logs: $(Join-SdbPath $DataDir 'logs'); service: $ServiceName."
    }
    else {
        Write-Host "Uninstalled $ServiceName.$(if (-not $RemoveData -and $state.DataDirExists) { " The data root $DataDir was kept." })"
    }
}

# Dot-sourcing (". ./install.ps1") only defines the functions, for tests; running the script installs.
if ($MyInvocation.InvocationName -ne '.') {
    # -WhatIf is answered by printing the plan; the read-only probes must not switch into their own what-if mode.
    $whatIfRequested = [bool]$WhatIfPreference
    $WhatIfPreference = $false
    Invoke-SdbInstaller -SourcePath $SourcePath -InstallDir $InstallDir -DataDir $DataDir -ServiceName $ServiceName -SelfContained:$SelfContained `
        -SkipFirewall:$SkipFirewall -Uninstall:$Uninstall -RemoveData:$RemoveData -WhatIf:$whatIfRequested
}
