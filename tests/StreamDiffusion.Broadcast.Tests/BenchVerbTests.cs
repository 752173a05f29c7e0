
namespace StreamDiffusion.Broadcast.Tests;

/// <summary><c>sdbroadcast bench host</c> prints every step (values are measurements, so only their presence is tested).</summary>
public sealed class BenchVerbTests
{
    private static (int ExitCode, string Output, string Error) Run(params string[] args) => InProcessCli.Run(args);

    [Fact]
    public void Host_prints_each_step_and_the_channel_count()
    {
        var (exitCode, output, error) = Run("bench", "host", "--size", "320x180", "--model", "64x64", "--frames", "3");

        Assert.True(exitCode == 0, error);
        foreach (var step in new[] { "capture copy", "bypass copy", "to model", "from model", "send copy", "total (wall)", "CPU per frame" })
        {
            Assert.Matches($@"(?m)^\s+{System.Text.RegularExpressions.Regex.Escape(step)}\s+\d+\.\d{{3}} ms$", output);
        }

        Assert.Matches(@"channels at 60/1 this machine's \d+ cores carry, host work only: \d+\.\d", output);
    }

    [Fact]
    public void A_model_size_off_the_64_grid_is_refused_with_suggestions()
    {
        var (exitCode, _, error) = Run("bench", "host", "--model", "500x500", "--frames", "1");

        Assert.Equal(2, exitCode);
        Assert.Contains("multiples of 64", error, StringComparison.Ordinal);
        Assert.Contains("512×512", error, StringComparison.Ordinal);
    }
}
