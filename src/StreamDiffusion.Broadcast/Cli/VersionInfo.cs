using System.Reflection;

namespace StreamDiffusion.Broadcast.Cli;

/// <summary>Version, commit and third-party notices of this build, for <c>--version</c> and later the info endpoint.</summary>
internal static class VersionInfo
{
    /// <summary>The product version, e.g. <c>0.1.0</c>.</summary>
    public static string Version { get; } = ReadVersion().Version;

    /// <summary>The git commit the build came from, or <c>unknown</c> when built outside a git checkout.</summary>
    public static string Commit { get; } = ReadVersion().Commit;

    /// <summary>The embedded THIRD-PARTY-NOTICES text.</summary>
    public static string ThirdPartyNotices
    {
        get
        {
            using var stream = typeof(VersionInfo).Assembly.GetManifestResourceStream("THIRD-PARTY-NOTICES")
                ?? throw new InvalidOperationException("THIRD-PARTY-NOTICES is not embedded in this build.");
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
    }

    /// <summary>Writes version, commit and notices; returns exit code 0.</summary>
    public static int Print(TextWriter output)
    {
        output.WriteLine($"sdbroadcast {Version} (commit {Commit}, .NET {Environment.Version})");
        output.WriteLine();
        output.Write(ThirdPartyNotices);
        return ExitCodes.Ok;
    }

    // The SDK stamps "<Version>+<full commit sha>" into the informational version when building from git.
    private static (string Version, string Commit) ReadVersion()
    {
        var informational = typeof(VersionInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var plus = informational.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? (informational, "unknown") : (informational[..plus], informational[(plus + 1)..]);
    }
}
