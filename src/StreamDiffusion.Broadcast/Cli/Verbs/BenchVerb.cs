using System.CommandLine;

namespace StreamDiffusion.Broadcast.Cli.Verbs;

/// <summary><c>sdbroadcast bench</c>: measures the frame path on this machine.</summary>
internal static class BenchVerb
{
    /// <summary>Creates the verb.</summary>
    public static Command Create() =>
        new Command("bench", "Measure the frame path (conversion, model, host overhead) on this machine and print the numbers.")
            .WithPendingAction("issue: the broadcast host");
}
