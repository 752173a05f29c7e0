namespace StreamDiffusion.Broadcast.Checks;

/// <summary>How bad a finding of <c>sdbroadcast check</c> is.</summary>
public enum CheckSeverity
{
    /// <summary>All well.</summary>
    Ok,

    /// <summary>The service would run, but degraded (e.g. a channel in bypass).</summary>
    Degraded,

    /// <summary>The service would not start.</summary>
    Fatal,
}

/// <summary>One finding: what was checked, how it stands, and the fix when it is not well.</summary>
/// <param name="Severity">How bad.</param>
/// <param name="Subject">What was checked (a file, a channel, the NDI runtime…).</param>
/// <param name="Message">What was found and, unless all is well, how to fix it.</param>
public sealed record CheckFinding(CheckSeverity Severity, string Subject, string Message)
{
    /// <summary>One line for the terminal: <c>ok|warn|FAIL  subject: message</c>.</summary>
    public override string ToString() => $"{Severity switch { CheckSeverity.Ok => "ok  ", CheckSeverity.Degraded => "warn", _ => "FAIL" }}  {Subject}: {Message}";
}
