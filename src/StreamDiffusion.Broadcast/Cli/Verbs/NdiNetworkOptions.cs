using System.CommandLine;
using StreamDiffusion.Ndi;

namespace StreamDiffusion.Broadcast.Cli.Verbs;

/// <summary>
/// The options every <c>ndi</c> verb shares: where the runtime is, and the NDI network settings the service owns
/// (written to <c>&lt;data root&gt;/ndi/ndi-config.v1.json</c> unless <c>NDI_CONFIG_DIR</c> is set). Loading goes
/// through <see cref="TryLoadRuntime"/>, which reports a missing runtime instead of throwing.
/// </summary>
internal static class NdiNetworkOptions
{
    public static readonly Option<string?> RuntimeDir = new("--ndi-runtime-dir")
    {
        Description = "Folder holding the NDI runtime, tried before NDI_RUNTIME_DIR_V6/V5 and the default install folders.",
        Recursive = true,
    };

    public static readonly Option<string> DataRoot = new("--data-root")
    {
        Description = "Data folder; NDI network settings given here are written to <data-root>/ndi/ndi-config.v1.json.",
        DefaultValueFactory = _ => Path.Combine(Environment.CurrentDirectory, "data"),
        Recursive = true,
    };

    public static readonly Option<string?> DiscoveryServers = new("--ndi-discovery-servers")
    {
        Description = "NDI discovery servers, comma-separated host[:port].",
        Recursive = true,
    };

    public static readonly Option<string?> ExtraIps = new("--ndi-extra-ips")
    {
        Description = "Machines to query for NDI sources directly, comma-separated.",
        Recursive = true,
    };

    public static readonly Option<string?> SendGroups = new("--ndi-send-groups")
    {
        Description = "NDI groups our sources are published in, comma-separated (default: public).",
        Recursive = true,
    };

    public static readonly Option<string?> ReceiveGroups = new("--ndi-recv-groups")
    {
        Description = "NDI groups searched for sources, comma-separated (default: public).",
        Recursive = true,
    };

    /// <summary>Adds the shared options to the <c>ndi</c> command (they apply to every sub-verb).</summary>
    public static void AddTo(Command command)
    {
        command.Options.Add(RuntimeDir);
        command.Options.Add(DataRoot);
        command.Options.Add(DiscoveryServers);
        command.Options.Add(ExtraIps);
        command.Options.Add(SendGroups);
        command.Options.Add(ReceiveGroups);
    }

    /// <summary>
    /// Writes the network settings (if any and if <c>NDI_CONFIG_DIR</c> is unset), then loads the runtime. On failure
    /// prints one message to <paramref name="error"/> and returns false; the caller exits with <see cref="ExitCodes.Failed"/>.
    /// </summary>
    public static bool TryLoadRuntime(ParseResult parseResult, string verb, TextWriter error, out NdiRuntime? runtime)
    {
        runtime = null;
        var settings = new NdiNetworkSettings
        {
            DiscoveryServers = NdiNetworkSettings.SplitList(parseResult.GetValue(DiscoveryServers)),
            ExtraIps = NdiNetworkSettings.SplitList(parseResult.GetValue(ExtraIps)),
            SendGroups = NdiNetworkSettings.SplitList(parseResult.GetValue(SendGroups)),
            ReceiveGroups = NdiNetworkSettings.SplitList(parseResult.GetValue(ReceiveGroups)),
        };
        try
        {
            NdiConfigDirectory.Prepare(parseResult.GetValue(DataRoot)!, settings);
        }
        catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"sdbroadcast ndi {verb}: {e.Message}");
            return false;
        }

        if (!NdiRuntime.TryLoad(NdiRuntimeSearch.ForThisMachine(parseResult.GetValue(RuntimeDir)), out runtime, out var reason))
        {
            error.WriteLine($"sdbroadcast ndi {verb}: {reason}");
            return false;
        }

        return true;
    }
}
