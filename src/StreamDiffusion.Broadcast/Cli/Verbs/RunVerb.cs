using System.CommandLine;

namespace StreamDiffusion.Broadcast.Cli.Verbs;

/// <summary><c>sdbroadcast run</c> (the default verb): the broadcast host with its channels and control API.</summary>
internal static class RunVerb
{
    /// <summary>Creates the verb.</summary>
    public static Command Create()
    {
        var command = new Command("run", "Run the broadcast service: NDI in, StreamDiffusion, NDI out (the default verb).");
        command.SetAction(ExecuteAsync);
        return command;
    }

    /// <summary>Runs the host until it is stopped.</summary>
    public static Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        parseResult.InvocationConfiguration.Error.WriteLine(
            $"sdbroadcast run: the broadcast host is not built yet in version {VersionInfo.Version} (issue: the broadcast host).");
        return Task.FromResult(ExitCodes.Failed);
    }
}
