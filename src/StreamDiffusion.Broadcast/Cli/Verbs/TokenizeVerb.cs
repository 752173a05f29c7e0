using System.CommandLine;

namespace StreamDiffusion.Broadcast.Cli.Verbs;

/// <summary><c>sdbroadcast tokenize</c>: CLIP token ids of a prompt, as the text encoder will see them.</summary>
internal static class TokenizeVerb
{
    /// <summary>Creates the verb.</summary>
    public static Command Create() =>
        new Command("tokenize", "Print the CLIP token ids of a prompt (BOS … EOS, truncated to 77).")
            .WithPendingAction("issue: models on ONNX Runtime");
}
