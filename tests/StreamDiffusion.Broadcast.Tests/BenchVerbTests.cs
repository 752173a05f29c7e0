
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

/// <summary><c>sdbroadcast bench pacer</c> runs a real channel, so it waits its turn with the other end-to-end tests.</summary>
[Collection(StreamDiffusion.Testing.TestCollections.EndToEnd)]
public sealed class BenchPacerVerbTests
{
    [Fact]
    public void Pacer_prints_the_delay_the_frame_counts_and_the_latency_and_interval_percentiles()
    {
        var (exitCode, output, error) = InProcessCli.Run("bench", "pacer", "--size", "320x180", "--model", "64", "--seconds", "1", "--delay-ms", "300");

        Assert.True(exitCode == 0, error);
        Assert.Matches(@"output delay D\s+300\.0 ms \(configured\), frame period 33\.33 ms", output);
        Assert.Matches(@"frames\s+in \d+, out \d+ \(on the timer \d+\), processed \d+, repeated \d+, dropped \d+, missed slots \d+", output);
        var latency = System.Text.RegularExpressions.Regex.Match(output, @"latency ms\s+(\d+\.\d)\s+(\d+\.\d)");
        Assert.True(latency.Success, output);
        // Frames leave at capture + D: even the earliest is not sooner (a printed number, checked for sense, not speed).
        Assert.True(double.Parse(latency.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= 299.9, output);
        Assert.Matches(@"interval ms\s+\d+\.\d", output);
        Assert.Matches(@"memory\s+\d+ B allocated per frame .*, \d+ full GCs, working set \d+ -> \d+ MiB", output);
    }

    [Fact]
    public void A_model_size_off_the_64_grid_is_refused()
    {
        var (exitCode, _, error) = InProcessCli.Run("bench", "pacer", "--model", "100", "--seconds", "1");

        Assert.Equal(2, exitCode);
        Assert.Contains("--model 100 must be a multiple of 64", error, StringComparison.Ordinal);
    }
}
