using System.CommandLine;

namespace StreamDiffusion.Broadcast.Cli.Verbs;

/// <summary><c>sdbroadcast check</c>: verifies configuration, presets, models, NDI runtime and provider.</summary>
internal static class CheckVerb
{
    /// <summary>Creates the verb.</summary>
    public static Command Create() =>
        new Command("check", "Check configuration, presets, model folders, the NDI runtime and the execution provider; exit 0 when all is well.")
            .WithPendingAction("issue: the broadcast host");
}
