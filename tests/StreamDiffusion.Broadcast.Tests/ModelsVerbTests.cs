using StreamDiffusion.Onnx.Taesd;

namespace StreamDiffusion.Broadcast.Tests;

/// <summary><c>sdbroadcast models import-taesd</c> in process.</summary>
public sealed class ModelsVerbTests
{
    private static (int ExitCode, string Output, string Error) Run(params string[] args) => InProcessCli.Run(args);

    [Fact]
    public void Import_taesd_writes_both_graphs_and_the_manifest()
    {
        var folder = Path.Combine(Path.GetTempPath(), "sdb-import-taesd-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var weights = TaesdGraph.EncoderKeys.Concat(TaesdGraph.DecoderKeys).ToDictionary(
                k => k.Key, k => new SafetensorsTensor(k.Value, new float[k.Value.Aggregate(1L, (a, b) => a * b)]));
            var file = Path.Combine(folder, "taesd.safetensors");
            SafetensorsFile.Write(file, weights);

            var (exitCode, output, error) = Run("models", "import-taesd", file, Path.Combine(folder, "model"));

            Assert.Equal(0, exitCode);
            Assert.Equal("", error);
            Assert.Contains("latentScaling 1.0", output, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(folder, "model", "vae_encoder", "model.onnx")));
            Assert.True(File.Exists(Path.Combine(folder, "model", "vae_decoder", "model.onnx")));
            Assert.Contains("\"latentScaling\": 1", File.ReadAllText(Path.Combine(folder, "model", "sdbroadcast-model.json")), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Missing_weights_file_fails_and_names_it()
    {
        var missing = Path.Combine(Path.GetTempPath(), "sdb-no-taesd-" + Guid.NewGuid().ToString("N") + ".safetensors");

        var (exitCode, _, error) = Run("models", "import-taesd", missing, Path.GetTempPath());

        Assert.Equal(1, exitCode);
        Assert.Contains(missing, error, StringComparison.Ordinal);
    }
}
