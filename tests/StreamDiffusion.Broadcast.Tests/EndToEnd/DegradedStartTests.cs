using StreamDiffusion.Onnx.Synthetic;
using StreamDiffusion.Testing;

namespace StreamDiffusion.Broadcast.Tests.EndToEnd;

/// <summary>The service starts and keeps its output alive when the machine lacks a model or the NDI runtime.</summary>
[Collection(TestCollections.EndToEnd)]
public sealed class DegradedStartTests(NdiTestRuntime ndi) : IClassFixture<NdiTestRuntime>
{
    [Fact]
    public async Task With_the_shipped_settings_and_no_ndi_runtime_the_default_channel_runs_the_test_pattern_and_says_what_is_missing()
    {
        using var service = ServiceUnderTest.Start(ndi, channelJson: null, [], configure: startInfo =>
        {
            var nowhere = Path.Combine(Path.GetTempPath(), "sdb-no-ndi-here");
            startInfo.Environment["NDI_RUNTIME_DIR_V5"] = nowhere;
            startInfo.Environment["NDI_RUNTIME_DIR_V6"] = nowhere;
        });

        var channel = await service.ChannelAsync(c => c.GetProperty("counters").GetProperty("framesOut").GetInt64() >= 30, "30 frames out");

        Assert.Equal("modelmissing", channel.GetProperty("state").GetString());
        Assert.Contains("no model is configured", channel.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("no output (NDI runtime missing", channel.GetProperty("output").GetString(), StringComparison.Ordinal);
        Assert.Contains("https://ndi.video/", service.Output, StringComparison.Ordinal);
        Assert.False(service.HasExited);
    }

    [Fact]
    public async Task A_model_folder_missing_a_file_puts_the_input_on_air_and_names_the_file()
    {
        using var service = ServiceUnderTest.Start(ndi,
            $$""" "Input": "test-pattern", "Output": "{{NdiTestRuntime.UniqueSourceName("broken")}}", "Model": "broken", "ModelWidth": 64, "ModelHeight": 64 """,
            [],
            prepare: dataRoot =>
            {
                var models = Path.Combine(dataRoot, "models", "broken");
                SyntheticModelFolder.Write(models, new SyntheticModelOptions { ImageSize = 64 });
                File.Delete(Path.Combine(models, "unet", "model.onnx"));
            });

        var channel = await service.ChannelAsync(c => c.GetProperty("counters").GetProperty("framesOut").GetInt64() >= 30, "30 frames out");

        Assert.Equal("modelmissing", channel.GetProperty("state").GetString());
        Assert.Contains(Path.Combine("unet", "model.onnx"), channel.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }
}
