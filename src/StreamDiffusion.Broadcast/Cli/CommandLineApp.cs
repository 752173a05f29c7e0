using System.CommandLine;
using StreamDiffusion.Broadcast.Cli.Verbs;

namespace StreamDiffusion.Broadcast.Cli;

/// <summary>
/// The <c>sdbroadcast</c> command line: builds the verb tree and runs it. Each verb lives in its own file under
/// <c>Cli/Verbs/</c> and is registered here once.
/// </summary>
internal static class CommandLineApp
{
    /// <summary>Builds the root command with every verb registered.</summary>
    public static RootCommand BuildRoot()
    {
        var run = RunVerb.Create();
        var root = new RootCommand(
            "StreamDiffusion.Broadcast: restyles NDI video in real time with StreamDiffusion and republishes it as NDI sources.\n" +
            "Without a verb, `run` is started.\n" + NdiAttribution.Text);

        // Our own --version replaces the built-in one: it adds the commit and the third-party notices.
        foreach (var option in root.Options.OfType<VersionOption>().ToArray())
        {
            root.Options.Remove(option);
        }

        var version = new Option<bool>("--version") { Description = "Print version, commit and third-party attributions, then exit." };
        root.Options.Add(version);
        root.Options.Add(RunVerb.DataRootOption);
        root.Options.Add(RunVerb.UrlsOption);
        root.Options.Add(RunVerb.SyntheticModelOption);

        root.Subcommands.Add(run);
        root.Subcommands.Add(CheckVerb.Create());
        root.Subcommands.Add(TokenizeVerb.Create());
        root.Subcommands.Add(ModelsVerb.Create());
        root.Subcommands.Add(NdiVerb.Create());
        root.Subcommands.Add(BenchVerb.Create());

        root.SetAction((parseResult, cancellationToken) =>
            parseResult.GetValue(version)
                ? Task.FromResult(VersionInfo.Print(parseResult.InvocationConfiguration.Output))
                : RunVerb.ExecuteAsync(parseResult, cancellationToken));
        return root;
    }

    /// <summary>Parses and runs <paramref name="args"/>; bad arguments print the problem and usage to <paramref name="error"/> and return 2.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var root = BuildRoot();
        var parseResult = root.Parse(args);
        var configuration = new InvocationConfiguration { Output = output, Error = error };
        if (parseResult.Errors.Count > 0)
        {
            foreach (var parseError in parseResult.Errors)
            {
                error.WriteLine($"sdbroadcast: {parseError.Message}");
            }

            error.WriteLine();
            var usage = new InvocationConfiguration { Output = error, Error = error };
            root.Parse(HelpArgumentsFor(parseResult)).Invoke(usage);
            return ExitCodes.Usage;
        }

        return parseResult.Invoke(configuration);
    }

    // The help of the deepest command that parsed, so `sdbroadcast ndi probe --bogus` shows the usage of `ndi probe`.
    private static string[] HelpArgumentsFor(ParseResult parseResult)
    {
        var path = new List<string>();
        for (var result = parseResult.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        {
            if (result.Command is not RootCommand)
            {
                path.Insert(0, result.Command.Name);
            }
        }

        path.Add("--help");
        return [.. path];
    }
}
