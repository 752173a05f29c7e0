using StreamDiffusion.Broadcast.Configuration;
using StreamDiffusion.Ndi;

namespace StreamDiffusion.Broadcast.Hosting;

/// <summary>
/// The service's NDI runtime: loaded once at start (after the service-owned ndi-config.v1.json is in place), or the
/// plain reason it is missing. The rest of the service keeps running without it.
/// </summary>
public sealed class NdiHost
{
    private NdiHost(NdiRuntime? runtime, string reason, string configDescription)
    {
        Runtime = runtime;
        Reason = reason;
        ConfigDescription = configDescription;
    }

    /// <summary>The runtime, or null when none was found.</summary>
    public NdiRuntime? Runtime { get; }

    /// <summary>Why there is no runtime (every path tried and the download link), or the runtime's description.</summary>
    public string Reason { get; }

    /// <summary>Where the NDI network configuration comes from.</summary>
    public string ConfigDescription { get; }

    /// <summary>Writes the network settings, then looks for the runtime.</summary>
    public static NdiHost Load(DataRoot dataRoot, BroadcastSettings settings)
    {
        ArgumentNullException.ThrowIfNull(dataRoot);
        ArgumentNullException.ThrowIfNull(settings);
        var network = new StreamDiffusion.Ndi.NdiNetworkSettings
        {
            DiscoveryServers = settings.Ndi.DiscoveryServers,
            ExtraIps = settings.Ndi.ExtraIps,
            SendGroups = settings.Ndi.Groups,
            ReceiveGroups = settings.Ndi.Groups,
        };
        var config = NdiConfigDirectory.Prepare(dataRoot.StateFolder, network);
        return NdiRuntime.TryLoad(NdiRuntimeSearch.ForThisMachine(), out var runtime, out var reason)
            ? new NdiHost(runtime, runtime.ToString(), config.Description)
            : new NdiHost(null, reason, config.Description);
    }
}
