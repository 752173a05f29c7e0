using Onnx;
using StreamDiffusion.Onnx.Folders;
using StreamDiffusion.Onnx.Sessions;
using StreamDiffusion.Onnx.Synthetic;
using StreamDiffusion.Onnx.Taesd;

namespace StreamDiffusion.Onnx.Tests.Taesd;

/// <summary>import-taesd: a safetensors file with known weights goes into the TAESD graphs and runs in ORT.</summary>
public sealed class TaesdImportTests
{
    private const int Size = 64;

    [Fact]
    public void Graphs_have_the_parameter_counts_of_the_published_weights()
    {
        Assert.Equal(1_222_532, TaesdGraph.EncoderKeys.Values.Sum(s => s.Aggregate(1L, (a, b) => a * b)));
        Assert.Equal(1_222_531, TaesdGraph.DecoderKeys.Values.Sum(s => s.Aggregate(1L, (a, b) => a * b)));
    }

    [Fact]
    public void Imported_weights_round_trip_into_the_onnx_initializers()
    {
        using var folder = new TempFolder("taesd");
        var weights = Weights((key, i) => MathF.Sin((key.Length * 31) + i) * 0.02f);
        var file = folder.Combine("taesd.safetensors");
        SafetensorsFile.Write(file, weights);

        TaesdImporter.Import(file, folder.Combine("model"), replace: false);

        foreach (var (component, keys) in new[] { ("vae_encoder", TaesdGraph.EncoderKeys), ("vae_decoder", TaesdGraph.DecoderKeys) })
        {
            var model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(folder.Combine("model", component, "model.onnx")));
            var initializers = model.Graph.Initializer.ToDictionary(t => t.Name);
            foreach (var key in keys.Keys)
            {
                var stored = initializers[key];
                Assert.Equal(weights[key].Shape, stored.Dims);
                Assert.Equal(weights[key].Values, System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(stored.RawData.Span).ToArray());
            }
        }
    }

    [Fact]
    public void Imported_taesd_runs_in_a_model_folder_with_scaling_one()
    {
        using var folder = new TempFolder("taesd-run");
        SyntheticModelFolder.Write(folder.Path, new SyntheticModelOptions());
        // Only the last biases are non-zero, so every output pixel is known: latent = bias, image = 2·bias − 1.
        var weights = Weights((key, i) => key switch
        {
            "encoder.layers.14.bias" => 0.1f * (i + 1),
            "decoder.layers.18.bias" => 0.25f * (i + 1),
            _ => 0,
        });
        var file = folder.Combine("taesd.safetensors");
        SafetensorsFile.Write(file, weights);

        TaesdImporter.Import(file, folder.Path, replace: true);
        using var pool = new SessionPool();
        using var loaded = ModelFolder.Load(folder.Path, new ModelLoadOptions { ImageWidth = Size, ImageHeight = Size }, pool);
        var latent = new float[loaded.ImageEncoder.Latent.Length];
        var image = new float[3 * Size * Size];
        loaded.ImageEncoder.Encode(TestImages.Gradient(Size), latent);
        loaded.ImageDecoder.Decode(latent, image);

        Assert.Equal(1.0f, loaded.Models.LatentScalingFactor);
        var plane = latent.Length / 4;
        for (var c = 0; c < 4; c++)
        {
            Assert.All(latent.AsSpan(c * plane, plane).ToArray(), v => Assert.Equal(0.1f * (c + 1), v, 5));
        }

        float[] expected = [-0.5f, 0f, 0.5f];
        for (var c = 0; c < 3; c++)
        {
            Assert.All(image.AsSpan(c * Size * Size, Size * Size).ToArray(), v => Assert.Equal(expected[c], v, 5));
        }
    }

    [Fact]
    public void Onnx_graphs_match_a_plain_reference_forward_pass()
    {
        using var folder = new TempFolder("taesd-ref");
        var random = new Random(11);
        var weights = Weights((key, _) => ((random.NextSingle() * 2) - 1) * (key.EndsWith(".bias", StringComparison.Ordinal) ? 0.1f : 0.08f));
        var file = folder.Combine("taesd.safetensors");
        SafetensorsFile.Write(file, weights);
        TaesdImporter.Import(file, folder.Combine("model"), replace: false);
        const int image = 16;
        var input = TestImages.Gradient(image);
        var latentInput = Enumerable.Range(0, 4 * 2 * 2).Select(i => MathF.Sin(i * 1.7f) * 2).ToArray();

        var encoded = RunOnnx(folder.Combine("model", "vae_encoder", "model.onnx"), "sample", input, [1, 3, image, image]);
        var decoded = RunOnnx(folder.Combine("model", "vae_decoder", "model.onnx"), "latent_sample", latentInput, [1, 4, 2, 2]);

        AssertClose(TaesdReference.Encode(weights, input, image), encoded);
        AssertClose(TaesdReference.Decode(weights, latentInput, 2), decoded);
    }

    [Fact]
    public void Without_a_manifest_a_taesd_decoder_is_recognised_and_scaling_1_assumed()
    {
        using var folder = new TempFolder("taesd-derive");
        SyntheticModelFolder.Write(folder.Path, new SyntheticModelOptions { WriteManifest = false });
        var file = folder.Combine("taesd.safetensors");
        SafetensorsFile.Write(file, Weights((_, _) => 0));
        TaesdImporter.Import(file, folder.Path, replace: true);
        File.Delete(folder.Combine(ModelManifest.FileName));
        using var pool = new SessionPool();

        using var loaded = ModelFolder.Load(folder.Path, new ModelLoadOptions { ImageWidth = Size, ImageHeight = Size }, pool);

        Assert.Equal(1.0f, loaded.Models.LatentScalingFactor);
        Assert.Contains(loaded.Assumptions, a => a.Contains("latent scaling 1.0 (TAESD)", StringComparison.Ordinal));
    }

    [Fact]
    public void Missing_and_misshapen_keys_are_all_reported()
    {
        using var folder = new TempFolder("taesd-bad");
        var weights = new Dictionary<string, SafetensorsTensor>(Weights((_, _) => 0));
        weights.Remove("encoder.layers.3.conv.2.weight");
        weights.Remove("decoder.layers.18.bias");
        weights["decoder.layers.0.weight"] = new SafetensorsTensor([64, 16, 3, 3], new float[64 * 16 * 9]);
        var file = folder.Combine("bad.safetensors");
        SafetensorsFile.Write(file, weights);

        var error = Assert.Throws<ModelFolderException>(() => TaesdImporter.Import(file, folder.Combine("model"), replace: false));

        Assert.Equal(3, error.Problems.Count);
        Assert.Contains(error.Problems, p => p.Contains("no tensor 'encoder.layers.3.conv.2.weight' [64,64,3,3]", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Contains("no tensor 'decoder.layers.18.bias' [3]", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Contains("'decoder.layers.0.weight' is [64,16,3,3]", StringComparison.Ordinal) && p.Contains("[64,4,3,3]", StringComparison.Ordinal));
        Assert.False(Directory.Exists(folder.Combine("model", "vae_encoder")));
    }

    [Fact]
    public void Existing_vae_is_kept_without_replace()
    {
        using var folder = new TempFolder("taesd-keep");
        SyntheticModelFolder.Write(folder.Path, new SyntheticModelOptions());
        var file = folder.Combine("taesd.safetensors");
        SafetensorsFile.Write(file, Weights((_, _) => 0));

        var error = Assert.Throws<ModelFolderException>(() => TaesdImporter.Import(file, folder.Path, replace: false));

        Assert.Equal(2, error.Problems.Count);
        Assert.All(error.Problems, p => Assert.Contains("--replace", p, StringComparison.Ordinal));
    }

    private static float[] RunOnnx(string path, string input, float[] values, long[] shape)
    {
        using var options = SessionOptionsFactory.Create(ExecutionProviderSettings.Cpu);
        using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(path, options);
        using var value = Microsoft.ML.OnnxRuntime.OrtValue.CreateTensorValueFromMemory(values, shape);
        using var runOptions = new Microsoft.ML.OnnxRuntime.RunOptions();
        using var outputs = session.Run(runOptions, new Dictionary<string, Microsoft.ML.OnnxRuntime.OrtValue> { [input] = value }, session.OutputNames);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        Assert.Contains(expected, v => Math.Abs(v) > 1e-3f);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-3f + (1e-3f * Math.Abs(expected[i])), $"element {i}: reference {expected[i]}, onnx {actual[i]}");
        }
    }

    private static Dictionary<string, SafetensorsTensor> Weights(Func<string, int, float> value)
    {
        var weights = new Dictionary<string, SafetensorsTensor>(StringComparer.Ordinal);
        foreach (var (key, shape) in TaesdGraph.EncoderKeys.Concat(TaesdGraph.DecoderKeys))
        {
            var values = new float[shape.Aggregate(1L, (a, b) => a * b)];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = value(key, i);
            }

            weights[key] = new SafetensorsTensor(shape, values);
        }

        return weights;
    }
}
