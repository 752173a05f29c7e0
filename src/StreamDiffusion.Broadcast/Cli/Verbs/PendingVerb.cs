using System.CommandLine;

namespace StreamDiffusion.Broadcast.Cli.Verbs;

/// <summary>
/// A verb whose place in the command line is fixed but whose work is not built yet. It says so plainly, names the
/// issue that builds it and exits 1, so nobody mistakes it for a working command.
/// </summary>
internal static class PendingVerb
{
    /// <summary>Adds the "not built yet" action to <paramref name="command"/>.</summary>
    public static Command WithPendingAction(this Command command, string issue)
    {
        command.SetAction(parseResult =>
        {
            parseResult.InvocationConfiguration.Error.WriteLine(
                $"sdbroadcast {FullName(command)}: this verb is not built yet in version {VersionInfo.Version} ({issue}).");
            return ExitCodes.Failed;
        });
        return command;
    }

    private static string FullName(Command command)
    {
        var names = new List<string>();
        for (Symbol? symbol = command; symbol is Command c and not RootCommand; symbol = c.Parents.FirstOrDefault())
        {
            names.Insert(0, c.Name);
        }

        return string.Join(' ', names);
    }
}
