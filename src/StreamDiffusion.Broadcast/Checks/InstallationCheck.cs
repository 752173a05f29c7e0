using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using StreamDiffusion.Broadcast.Api;
using StreamDiffusion.Broadcast.Configuration;
using StreamDiffusion.Broadcast.Hosting;
using StreamDiffusion.Broadcast.Channels;
using StreamDiffusion.Broadcast.Presets;
using StreamDiffusion.Core.Guidance;
using StreamDiffusion.Ndi;
using StreamDiffusion.Onnx.Folders;
using StreamDiffusion.Onnx.Sessions;

namespace StreamDiffusion.Broadcast.Checks;

/// <summary>
/// What <c>sdbroadcast check</c> verifies without starting anything: the data root, the settings, the API keys, the
/// presets and what each channel refers to. Every finding carries its fix.
/// </summary>
public static class InstallationCheck
{
    /// <summary>Runs every check against <paramref name="dataRoot"/> (read only: nothing is seeded or written).</summary>
    public static IReadOnlyList<CheckFinding> Run(DataRoot dataRoot)
    {
        ArgumentNullException.ThrowIfNull(dataRoot);
        var findings = new List<CheckFinding>
        {
            new(CheckSeverity.Ok, "data root", $"{dataRoot.ConfigFolder} + {dataRoot.StateFolder} ({dataRoot.Origin})"),
        };

        var settings = CheckSettings(dataRoot, findings);
        CheckApiKeys(dataRoot, findings);
        var presets = CheckPresets(dataRoot, findings);
        if (settings is not null)
        {
            CheckChannels(dataRoot, settings, presets, findings);
        }

        CheckNdiRuntime(findings);
        return findings;
    }

    /// <summary>The exit code for <paramref name="findings"/>: 0 all well, 2 degraded, 1 would not start.</summary>
    public static int ExitCode(IReadOnlyList<CheckFinding> findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        return findings.Any(f => f.Severity == CheckSeverity.Fatal) ? 1 : findings.Any(f => f.Severity == CheckSeverity.Degraded) ? 2 : 0;
    }

    private static BroadcastSettings? CheckSettings(DataRoot dataRoot, List<CheckFinding> findings)
    {
        if (!File.Exists(dataRoot.SettingsFile))
        {
            findings.Add(new(CheckSeverity.Degraded, dataRoot.SettingsFile,
                "absent; `sdbroadcast run` will copy the shipped appsettings.json here on first start. Edit it afterwards to configure channels."));
            return null;
        }

        BroadcastSettings? settings;
        IReadOnlyList<SettingsProblem> problems;
        try
        {
            var configuration = new ConfigurationBuilder().AddJsonFile(dataRoot.SettingsFile, optional: false, reloadOnChange: false).Build();
            (settings, problems) = SettingsLoader.Load(configuration);
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or IOException)
        {
            findings.Add(new(CheckSeverity.Fatal, dataRoot.SettingsFile, $"cannot be read as JSON ({e.Message}); fix the syntax."));
            return null;
        }

        foreach (var problem in problems)
        {
            findings.Add(new(problem.Fatal ? CheckSeverity.Fatal : CheckSeverity.Degraded, $"{Path.GetFileName(dataRoot.SettingsFile)} {problem.Setting}", problem.Message));
        }

        if (settings is not null && !problems.Any(p => p.Fatal))
        {
            findings.Add(new(CheckSeverity.Ok, dataRoot.SettingsFile, $"schemaVersion {settings.SchemaVersion}, {settings.Channels.Count} channel(s), API on {settings.Api.Urls}"));
        }

        return settings;
    }

    private static void CheckApiKeys(DataRoot dataRoot, List<CheckFinding> findings)
    {
        var path = Path.Combine(dataRoot.ConfigFolder, ApiKeyStore.FileName);
        var (keys, problems) = ApiKeyStore.Load(path);
        foreach (var problem in problems)
        {
            findings.Add(new(CheckSeverity.Fatal, ApiKeyStore.FileName, problem));
        }

        if (keys is { HasKeys: true })
        {
            findings.Add(new(CheckSeverity.Ok, ApiKeyStore.FileName, $"{keys.Count} key(s)"));
        }
        else if (keys is not null)
        {
            findings.Add(new(CheckSeverity.Ok, ApiKeyStore.FileName,
                "no key configured: only callers on this machine are served. To call from elsewhere add a key (docs/api.md)."));
        }
    }

    private static PresetCatalog CheckPresets(DataRoot dataRoot, List<CheckFinding> findings)
    {
        if (!Directory.Exists(dataRoot.PresetsFolder))
        {
            findings.Add(new(CheckSeverity.Degraded, dataRoot.PresetsFolder, "absent; `sdbroadcast run` seeds the shipped presets on first start."));
            return PresetCatalog.Empty;
        }

        using var store = new PresetStore(dataRoot.PresetsFolder, NullLogger<PresetStore>.Instance);
        var catalog = store.Rescan();
        foreach (var problem in catalog.Problems.Values.SelectMany(p => p))
        {
            findings.Add(new(CheckSeverity.Degraded, "preset", $"{problem} The file is rejected until fixed."));
        }

        findings.Add(new(CheckSeverity.Ok, dataRoot.PresetsFolder, $"{catalog.Presets.Count} preset(s): {string.Join(", ", catalog.Presets.Keys)}"));
        return catalog;
    }

    // Loads the model folder the way the channel will (same size, provider and UNet rows) and reports what the graphs
    // revealed, what was assumed and every problem.
    private static void CheckModel(DataRoot dataRoot, ChannelSettings channel, PresetCatalog presets, string subject, List<CheckFinding> findings)
    {
        var folder = dataRoot.ModelFolderFor(channel.Model);
        if (!Directory.Exists(folder))
        {
            findings.Add(new(CheckSeverity.Degraded, subject, $"model folder {folder} does not exist, so the channel runs in bypass; put the model there (docs/onnx-models.md) or fix Model."));
            return;
        }

        var parameters = PresetParameters.For(presets.Presets.GetValueOrDefault(channel.Preset), GuidanceMode.Self);
        try
        {
            using var sessions = new SessionPool();
            using var loaded = ModelFolder.Load(folder, ChannelFactory.LoadOptions(channel, parameters), sessions);
            findings.Add(new(CheckSeverity.Ok, subject, $"model folder {folder} loads on {channel.Provider} at {channel.ModelWidth}×{channel.ModelHeight}"));
            foreach (var assumption in loaded.Assumptions)
            {
                findings.Add(new(CheckSeverity.Ok, subject, $"assumed: {assumption}"));
            }

            foreach (var warning in loaded.Warnings)
            {
                findings.Add(new(CheckSeverity.Degraded, subject, warning));
            }
        }
        catch (ModelFolderException e)
        {
            foreach (var problem in e.Problems)
            {
                findings.Add(new(CheckSeverity.Degraded, subject, $"{problem} The channel runs in bypass until this is fixed."));
            }
        }
        catch (ExecutionProviderException e)
        {
            findings.Add(new(CheckSeverity.Degraded, subject, $"{e.Message} The channel runs in bypass until this is fixed."));
        }
    }

    private static void CheckNdiRuntime(List<CheckFinding> findings) =>
        findings.Add(NdiRuntime.TryLoad(NdiRuntimeSearch.ForThisMachine(), out var runtime, out var reason)
            ? new(CheckSeverity.Ok, "NDI runtime", runtime.ToString())
            : new(CheckSeverity.Degraded, "NDI runtime", $"{reason} Without it channels run on the test pattern and publish nothing."));

    private static void CheckChannels(DataRoot dataRoot, BroadcastSettings settings, PresetCatalog presets, List<CheckFinding> findings)
    {
        foreach (var channel in settings.Channels.Where(c => c.Enabled))
        {
            var subject = $"channel {channel.Name}";
            if (channel.Preset.Length > 0 && !presets.Presets.ContainsKey(channel.Preset))
            {
                findings.Add(new(CheckSeverity.Degraded, subject,
                    $"starting preset \"{channel.Preset}\" is not loaded (known: {string.Join(", ", presets.Presets.Keys)}); the channel starts without a prompt. Fix Preset or add presets/{channel.Preset}.json."));
            }

            if (channel.Model.Length > 0)
            {
                CheckModel(dataRoot, channel, presets, subject, findings);
            }
        }
    }
}
