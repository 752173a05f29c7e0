using System.Text;
using StreamDiffusion.Broadcast.Presets;
using StreamDiffusion.Core.Filtering;
using StreamDiffusion.Core.Guidance;

namespace StreamDiffusion.Broadcast.Tests.Presets;

public sealed class PresetFileReaderTests
{
    private static (Preset? Preset, IReadOnlyList<PresetProblem> Problems) Read(string json, string path = "/data/presets/watercolour.json") =>
        PresetFileReader.Read(path, Encoding.UTF8.GetBytes(json));

    [Fact]
    public void A_complete_preset_reads_every_field()
    {
        var (preset, problems) = Read("""
            {
              // comments are allowed
              "schemaVersion": 1,
              "name": "Watercolour",
              "slot": 3,
              "prompt": "a watercolour painting",
              "negativePrompt": "blurry",
              "guidanceScale": 1.4,
              "delta": 0.5,
              "tIndexList": [22, 32, 45],
              "seed": 7,
              "guidanceMode": "initialize",
              "similarityFilter": { "enabled": true, "threshold": 0.99, "maxSkipFrames": 5 },
              "transition": { "kind": "blend", "seconds": 2.5, "curve": "slerp" },
            }
            """);

        Assert.Empty(problems);
        Assert.NotNull(preset);
        Assert.Equal("watercolour", preset.Id);
        Assert.Equal("Watercolour", preset.Name);
        Assert.Equal(3, preset.Slot);
        Assert.Equal("a watercolour painting", preset.Prompt);
        Assert.Equal("blurry", preset.NegativePrompt);
        Assert.Equal(1.4f, preset.GuidanceScale);
        Assert.Equal(0.5f, preset.Delta);
        Assert.Equal([22, 32, 45], preset.TIndexList);
        Assert.Null(preset.Strength);
        Assert.Equal(7, preset.Seed);
        Assert.Equal(GuidanceMode.Initialize, preset.GuidanceMode);
        Assert.Equal(new SimilarityFilterSettings(true, 0.99f, 5), preset.SimilarityFilter);
        Assert.Equal(new PresetTransition(TransitionKind.Blend, 2.5, BlendCurve.Slerp), preset.Transition);
    }

    [Fact]
    public void A_minimal_preset_takes_the_reference_defaults()
    {
        var (preset, problems) = Read("""{ "schemaVersion": 1, "prompt": "neon city" }""");

        Assert.Empty(problems);
        Assert.NotNull(preset);
        Assert.Equal("watercolour", preset.Name);
        Assert.Equal(1.2f, preset.GuidanceScale);
        Assert.Equal(1.0f, preset.Delta);
        Assert.Equal([32, 45], preset.TIndexList);
        Assert.Equal(2, preset.Seed);
        Assert.Null(preset.GuidanceMode);
        Assert.Equal(new SimilarityFilterSettings(), preset.SimilarityFilter);
        Assert.Equal(PresetTransition.Default, preset.Transition);
    }

    [Fact]
    public void Strength_replaces_the_step_list()
    {
        var (preset, problems) = Read("""{ "schemaVersion": 1, "prompt": "p", "strength": 0.4 }""");

        Assert.Empty(problems);
        Assert.Equal(0.4f, preset!.Strength);
        Assert.Empty(preset.TIndexList);
    }

    [Fact]
    public void Every_problem_is_reported_at_once_with_line_and_field()
    {
        var (preset, problems) = Read("""
            {
              "schemaVersion": 1,
              "prompt": "p",
              "guidanceScale": 42,
              "promtp": "typo",
              "tIndexList": [45, 32],
              "similarityFilter": {
                "threshold": 1.0
              }
            }
            """);

        Assert.Null(preset);
        Assert.Collection(
            problems.OrderBy(p => p.Line),
            p => Assert.Equal(("/data/presets/watercolour.json", 4, "guidanceScale"), (p.File, p.Line, p.Field)),
            p => Assert.Equal((5, "promtp"), (p.Line, p.Field)),
            p => Assert.Equal((6, "tIndexList[1]"), (p.Line, p.Field)),
            p => Assert.Equal((8, "similarityFilter.threshold"), (p.Line, p.Field)));
        Assert.Contains("42 is out of range; use a number in [0, 20]", problems.Single(p => p.Field == "guidanceScale").Message, StringComparison.Ordinal);
        Assert.Contains("unknown field \"promtp\"", problems.Single(p => p.Field == "promtp").Message, StringComparison.Ordinal);
        Assert.Contains("strictly ascending", problems.Single(p => p.Field == "tIndexList[1]").Message, StringComparison.Ordinal);
        Assert.Contains("[0, 1)", problems.Single(p => p.Field == "similarityFilter.threshold").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Broken_json_names_the_line()
    {
        var (preset, problems) = Read("{\n  \"schemaVersion\": 1,\n  \"prompt\": \"p\"\n  \"seed\": 3\n}");

        Assert.Null(preset);
        var problem = Assert.Single(problems);
        Assert.Equal(4, problem.Line);
        Assert.StartsWith("/data/presets/watercolour.json:4: not valid JSON", problem.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "schemaVersion": 2, "prompt": "p" }""", "schemaVersion 2 is not supported", "schemaVersion")]
    [InlineData("""{ "prompt": "p" }""", "required field \"schemaVersion\" is missing", "")]
    [InlineData("""{ "schemaVersion": 1 }""", "required field \"prompt\" is missing", "")]
    [InlineData("""{ "schemaVersion": 1, "prompt": "  " }""", "the prompt is empty", "prompt")]
    [InlineData("""{ "schemaVersion": 1, "prompt": "p", "tIndexList": [1,2,3,4,5] }""", "has 5 entries", "tIndexList")]
    [InlineData("""{ "schemaVersion": 1, "prompt": "p", "tIndexList": [50] }""", "use a whole number in [0, 49]", "tIndexList[0]")]
    [InlineData("""{ "schemaVersion": 1, "prompt": "p", "strength": 0.5, "tIndexList": [40] }""", "either strength or tIndexList", "strength")]
    [InlineData("""{ "schemaVersion": 1, "prompt": "p", "guidanceMode": "half" }""", "\"half\" is not one of \"none\", \"full\", \"self\", \"initialize\"", "guidanceMode")]
    [InlineData("""{ "schemaVersion": 1, "prompt": "p", "seed": -1 }""", "use a whole number in [0, 2147483647]", "seed")]
    [InlineData("""{ "schemaVersion": 1, "prompt": "p", "slot": "one" }""", "expected a whole number in [1, 99]", "slot")]
    [InlineData("""{ "schemaVersion": 1, "prompt": "p", "delta": 2 }""", "2 is out of range; use a number in [0, 1]", "delta")]
    [InlineData("""{ "schemaVersion": 1, "prompt": "p", "tIndexList": [32, 32] }""", "32 does not come after 32", "tIndexList[1]")]
    [InlineData("""{ "schemaVersion": 1, "prompt": "p", "tIndexList": [32, "45"] }""", "expected a whole number in [0, 49]", "tIndexList[1]")]
    [InlineData("""[1, 2]""", "a preset is one JSON object", "")]
    public void Bad_values_are_refused_with_the_fix(string json, string expected, string field)
    {
        var (preset, problems) = Read(json);

        Assert.Null(preset);
        var problem = Assert.Single(problems);
        Assert.Equal(field, problem.Field);
        Assert.Contains(expected, problem.Message, StringComparison.Ordinal);
    }
}
