using System.Text.RegularExpressions;
using StreamDiffusion.Testing;

namespace StreamDiffusion.Broadcast.Tests;

/// <summary>The published sdbroadcast, started as a child process the way operators and service managers start it.</summary>
[Collection(TestCollections.EndToEnd)]
public sealed partial class CommandLineProcessTests(NdiTestRuntime ndi) : IClassFixture<NdiTestRuntime>
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Help_lists_every_verb()
    {
        var result = await ChildProcess.RunSdBroadcastAsync(["--help"], s_timeout, ndi.ApplyTo, TestContext.Current.CancellationToken);

        Assert.True(result.ExitCode == 0, result.ToString());
        foreach (var verb in new[] { "run", "check", "tokenize", "ndi", "bench" })
        {
            Assert.Matches(new Regex($@"^\s+{verb}\s", RegexOptions.Multiline), result.StandardOutput);
        }

        Assert.Contains("NDI® is a registered trademark of Vizrt NDI AB", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_verb_exits_2_with_usage()
    {
        var result = await ChildProcess.RunSdBroadcastAsync(["nosuchverb"], s_timeout, ndi.ApplyTo, TestContext.Current.CancellationToken);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("nosuchverb", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("Usage:", result.StandardError, StringComparison.Ordinal);
        Assert.Equal("", result.StandardOutput);
    }

    [Fact]
    public async Task Version_prints_version_commit_and_attributions()
    {
        var result = await ChildProcess.RunSdBroadcastAsync(["--version"], s_timeout, ndi.ApplyTo, TestContext.Current.CancellationToken);

        Assert.True(result.ExitCode == 0, result.ToString());
        var match = VersionLine().Match(result.StandardOutput);
        Assert.True(match.Success, result.ToString());
        Assert.Contains("System.CommandLine", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("https://ndi.video/", result.StandardOutput, StringComparison.Ordinal);
    }

    // A release build from git carries the full commit hash; "unknown" only appears outside a git checkout.
    [GeneratedRegex(@"^sdbroadcast \d+\.\d+\.\d+\S* \(commit ([0-9a-f]{40}|unknown),")]
    private static partial Regex VersionLine();
}
