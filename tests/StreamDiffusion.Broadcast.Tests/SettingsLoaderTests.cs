using System.Text;
using Microsoft.Extensions.Configuration;
using StreamDiffusion.Broadcast.Configuration;
using StreamDiffusion.Video.Geometry;

namespace StreamDiffusion.Broadcast.Tests;

public sealed class SettingsLoaderTests
{
    private static (BroadcastSettings? Settings, IReadOnlyList<SettingsProblem> Problems) Load(string json)
    {
        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();
        return SettingsLoader.Load(configuration);
    }

    [Fact]
    public void The_shipped_appsettings_json_is_valid()
    {
        var path = Path.Combine(StreamDiffusion.Testing.RepoPaths.Root, "appsettings.json");
        var configuration = new ConfigurationBuilder().AddJsonFile(path).Build();

        var (settings, problems) = SettingsLoader.Load(configuration);

        Assert.NotNull(settings);
        Assert.DoesNotContain(problems, p => p.Fatal);
        Assert.NotEmpty(settings.Channels);
        Assert.StartsWith("http://127.0.0.1:", settings.Api.Urls, StringComparison.Ordinal);
    }

    [Fact]
    public void A_channel_is_bound_with_every_field()
    {
        var (settings, problems) = Load("""
            { "schemaVersion": 1,
              "Channels": [ { "Name": "cam1", "Input": "STUDIO (Cam 1)", "Output": "Cam 1 styled", "Model": "sd-turbo",
                              "ModelWidth": 768, "ModelHeight": 448, "Fit": "Letterbox", "OnInputLoss": "Black", "OutputDelayMs": 120 } ] }
            """);

        Assert.Empty(problems);
        var channel = Assert.Single(settings!.Channels);
        Assert.Equal(("cam1", "STUDIO (Cam 1)", "Cam 1 styled", 768, 448), (channel.Name, channel.Input, channel.Output, channel.ModelWidth, channel.ModelHeight));
        Assert.Equal((FitMode.Letterbox, InputLossPolicy.Black, 120), (channel.Fit, channel.OnInputLoss, channel.OutputDelayMs));
    }

    [Fact]
    public void A_misspelt_key_is_refused_with_its_path()
    {
        var (settings, problems) = Load("""{ "schemaVersion": 1, "Channels": [ { "Name": "a", "Output": "A", "ModelWdth": 512 } ] }""");

        Assert.Null(settings);
        var problem = Assert.Single(problems, p => p.Fatal);
        Assert.Contains("ModelWdth", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_bad_value_is_reported_at_once()
    {
        var (settings, problems) = Load("""
            { "schemaVersion": 1,
              "Channels": [ { "Name": "a b", "Output": "X", "ModelWidth": 500, "Model": "m" },
                            { "Name": "c", "Output": "X", "ModelHeight": 4096, "Model": "m" } ] }
            """);

        Assert.Null(settings);
        Assert.Equal(
            ["Channels:0:Name", "Channels:0:ModelWidth", "Channels:1:Output", "Channels:1:ModelHeight"],
            problems.Select(p => p.Setting));
        Assert.Contains("multiple of 64", problems[1].Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "Channels": [] }""", "is missing; add \"schemaVersion\": 1")]
    [InlineData("""{ "schemaVersion": 7, "Channels": [] }""", "7 is not supported by this build")]
    [InlineData("""{ "schemaVersion": "one" }""", "is not a whole number")]
    public void Unknown_schema_versions_are_refused(string json, string expected)
    {
        var (settings, problems) = Load(json);

        Assert.Null(settings);
        Assert.Contains(problems, p => p.Setting == "schemaVersion" && p.Message.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void A_channel_without_a_model_runs_degraded_not_fatal()
    {
        var (settings, problems) = Load("""{ "schemaVersion": 1, "Channels": [ { "Name": "a", "Output": "A" } ] }""");

        Assert.NotNull(settings);
        var problem = Assert.Single(problems);
        Assert.False(problem.Fatal);
        Assert.Contains("bypass", problem.Message, StringComparison.Ordinal);
    }
}
