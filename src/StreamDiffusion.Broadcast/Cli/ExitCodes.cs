namespace StreamDiffusion.Broadcast.Cli;

/// <summary>Process exit codes shared by every verb, so scripts and service managers can rely on them.</summary>
internal static class ExitCodes
{
    /// <summary>Done, all well.</summary>
    public const int Ok = 0;

    /// <summary>The work failed (missing file, runtime, model…); the message says what and how to fix it.</summary>
    public const int Failed = 1;

    /// <summary>The command line was wrong; usage text follows the message. <c>check</c> also uses 2 for "would run degraded".</summary>
    public const int Usage = 2;
}
