
namespace StreamDiffusion.Broadcast.Tests;

/// <summary>Bad arguments to the <c>ndi</c> verbs stop at parsing: exit 2, a message naming the value and the fix, and usage.</summary>
public sealed class NdiVerbArgumentTests
{
    private static (int ExitCode, string Output, string Error) Run(params string[] args) => InProcessCli.Run(args);

    [Theory]
    [InlineData("--size", "321x180", "even width")]
    [InlineData("--size", "wide", "WIDTHxHEIGHT")]
    [InlineData("--rate", "30/0", "N/D")]
    [InlineData("--rate", "1000/1", "1 to 240")]
    [InlineData("--seconds", "-1", "greater than 0")]
    public void Test_pattern_refuses_a_bad_value_naming_it(string option, string value, string fix)
    {
        var (exitCode, output, error) = Run("ndi", "test-pattern", "--name", "x", option, value);

        Assert.Equal(2, exitCode);
        Assert.Equal("", output);
        Assert.Contains($"{option} '{value}'", error, StringComparison.Ordinal);
        Assert.Contains(fix, error, StringComparison.Ordinal);
        Assert.Contains(" ndi test-pattern [options]", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Probe_needs_a_source()
    {
        var (exitCode, _, error) = Run("ndi", "probe", "--json");

        Assert.Equal(2, exitCode);
        Assert.Contains("--source", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Sources_refuses_a_bad_wait()
    {
        var (exitCode, _, error) = Run("ndi", "sources", "--wait", "soon");

        Assert.Equal(2, exitCode);
        Assert.Contains("--wait 'soon'", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sources")]
    [InlineData("test-pattern")]
    [InlineData("probe")]
    public void Every_ndi_verb_names_the_trademark_and_the_link_in_its_help(string verb)
    {
        var (exitCode, output, _) = Run("ndi", verb, "--help");

        Assert.Equal(0, exitCode);
        Assert.Contains("NDI® is a registered trademark of Vizrt NDI AB", output, StringComparison.Ordinal);
        Assert.Contains("https://ndi.video/", output, StringComparison.Ordinal);
    }
}
