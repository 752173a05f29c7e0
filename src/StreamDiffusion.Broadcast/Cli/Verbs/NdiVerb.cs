using System.CommandLine;

namespace StreamDiffusion.Broadcast.Cli.Verbs;

/// <summary><c>sdbroadcast ndi sources|test-pattern|probe</c>: NDI tools for setting up and diagnosing a room.</summary>
internal static class NdiVerb
{
    /// <summary>Creates the verb with its sub-verbs.</summary>
    public static Command Create()
    {
        var ndi = new Command("ndi", "NDI tools: list sources, send a test pattern, probe a source. " + NdiAttribution.Text);
        ndi.Subcommands.Add(new Command("sources", "List the NDI sources visible from this machine.").WithPendingAction("issue: NDI in and out"));
        ndi.Subcommands.Add(new Command("test-pattern", "Send a moving test pattern as an NDI source.").WithPendingAction("issue: NDI in and out"));
        ndi.Subcommands.Add(new Command("probe", "Receive an NDI source and report its format, rate and drops.").WithPendingAction("issue: NDI in and out"));
        return ndi;
    }
}
