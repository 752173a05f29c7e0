using System.CommandLine;
using StreamDiffusion.Broadcast.Hosting;

namespace StreamDiffusion.Broadcast.Cli.Verbs;

/// <summary><c>sdbroadcast run</c> (the default verb): the broadcast host with its channels and control API.</summary>
internal static class RunVerb
{
    /// <summary><c>--data-root FOLDER</c>, shared with the root command so a bare <c>sdbroadcast --data-root X</c> runs.</summary>
    public static Option<string?> DataRootOption { get; } = new("--data-root")
    {
        Description = "Folder for configuration, presets, models, logs and caches (default: %ProgramData%\\StreamDiffusion.Broadcast, " +
                      "/etc/sdbroadcast + /var/lib/sdbroadcast, or the repository when run from source; env SDBROADCAST_DATA_ROOT).",
    };

    /// <summary><c>--urls</c>, overriding Api:Urls.</summary>
    public static Option<string?> UrlsOption { get; } = new("--urls") { Description = "Where the control API listens, overriding Api:Urls (e.g. http://127.0.0.1:7861)." };

    /// <summary><c>--synthetic-model</c>: run the full pipeline on generated models (no weights needed).</summary>
    public static Option<bool> SyntheticModelOption { get; } = new("--synthetic-model")
    {
        Description = "Run every channel's full pipeline on small generated models with the real signatures instead of its model folder (demo and tests).",
    };

    /// <summary>Creates the verb.</summary>
    public static Command Create()
    {
        var command = new Command("run", "Run the broadcast service: NDI in, StreamDiffusion, NDI out (the default verb).");
        command.Options.Add(DataRootOption);
        command.Options.Add(UrlsOption);
        command.Options.Add(SyntheticModelOption);
        command.SetAction(ExecuteAsync);
        return command;
    }

    /// <summary>Runs the host until it is stopped.</summary>
    public static Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken) =>
        BroadcastHost.RunAsync(
            new RunRequest(parseResult.GetValue(DataRootOption), parseResult.GetValue(UrlsOption), parseResult.GetValue(SyntheticModelOption)),
            parseResult.InvocationConfiguration.Error,
            cancellationToken);
}
