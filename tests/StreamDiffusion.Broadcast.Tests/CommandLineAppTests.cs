using StreamDiffusion.Broadcast.Cli;

namespace StreamDiffusion.Broadcast.Tests;

/// <summary>The command-line parser in process: exit codes and where usage text goes.</summary>
public sealed class CommandLineAppTests
{
    private static (int ExitCode, string Output, string Error) Run(params string[] args) => InProcessCli.Run(args);

    [Fact]
    public void Bad_option_on_a_sub_verb_shows_that_verbs_usage()
    {
        var (exitCode, output, error) = Run("ndi", "probe", "--no-such-option");

        Assert.Equal(2, exitCode);
        Assert.Equal("", output);
        Assert.Contains("--no-such-option", error, StringComparison.Ordinal);
        // The root name is the executable's, which in process is the test host.
        Assert.Contains(" ndi probe [options]", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Ndi_help_carries_the_trademark_notice()
    {
        var (exitCode, output, _) = Run("ndi", "--help");

        Assert.Equal(0, exitCode);
        Assert.Contains("NDI® is a registered trademark of Vizrt NDI AB", output, StringComparison.Ordinal);
        Assert.Contains("https://ndi.video/", output, StringComparison.Ordinal);
    }
}
