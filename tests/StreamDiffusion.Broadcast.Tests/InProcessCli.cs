using StreamDiffusion.Broadcast.Cli;

namespace StreamDiffusion.Broadcast.Tests;

/// <summary>Runs the sdbroadcast command line in this process and captures what it wrote.</summary>
internal static class InProcessCli
{
    /// <summary>Runs <paramref name="args"/>; returns the exit code, standard output and standard error.</summary>
    public static (int ExitCode, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = CommandLineApp.Run(args, output, error);
        return (exitCode, output.ToString(), error.ToString());
    }
}
