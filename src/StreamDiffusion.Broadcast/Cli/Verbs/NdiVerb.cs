using System.CommandLine;

namespace StreamDiffusion.Broadcast.Cli.Verbs;

/// <summary><c>sdbroadcast ndi sources|test-pattern|probe</c>: NDI tools for setting up and diagnosing a room.</summary>
internal static class NdiVerb
{
    /// <summary>Creates the verb with its sub-verbs.</summary>
    public static Command Create()
    {
        var ndi = new Command("ndi", "NDI tools: list sources, send a test pattern, probe a source. " + NdiAttribution.Text);
        NdiNetworkOptions.AddTo(ndi);
        ndi.Subcommands.Add(NdiSourcesVerb.Create());
        ndi.Subcommands.Add(NdiTestPatternVerb.Create());
        ndi.Subcommands.Add(NdiProbeVerb.Create());
        return ndi;
    }
}
