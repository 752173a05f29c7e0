using BenchmarkDotNet.Attributes;
using Microsoft.ML.OnnxRuntime;
using StreamDiffusion.Core.Models;
using StreamDiffusion.Onnx.Folders;
using StreamDiffusion.Onnx.Sessions;
using StreamDiffusion.Onnx.Synthetic;

namespace StreamDiffusion.Onnx.Benchmarks;

/// <summary>
/// One UNet call through our bound path (pinned buffers + IO binding, nothing allocated) against the naive path a
/// C# port usually takes (new OrtValues and ORT-allocated outputs per call, copied out), on the near-free synthetic
/// UNet (so the binding overhead shows) and on the cost-realistic one (so the model cost shows).
/// </summary>
[MemoryDiagnoser]
public class UnetCallBenchmarks
{
    private string _folder = "";
    private SessionPool _pool = null!;
    private LoadedModelFolder _loaded = null!;
    private InferenceSession _naive = null!;
    private float[] _latents = [];
    private float[] _timesteps = [];
    private float[] _text = [];
    private float[] _noise = [];

    /// <summary>0 = near-free synthetic UNet; otherwise the benchmark UNet's channel count.</summary>
    [Params(0, 32)]
    public int UnetWidth { get; set; }

    /// <summary>Rows per call (Stream Batch n).</summary>
    [Params(1, 2)]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), "sdb-bench-" + Guid.NewGuid().ToString("N"));
        SyntheticModelFolder.Write(_folder, new SyntheticModelOptions { ImageSize = 256, BenchmarkUnetWidth = UnetWidth });
        _pool = new SessionPool();
        _loaded = ModelFolder.Load(_folder, new ModelLoadOptions { ImageWidth = 256, ImageHeight = 256, MaxUnetRows = Rows }, _pool);
        var unet = _loaded.Unet;
        _latents = new float[Rows * unet.Latent.Length];
        _timesteps = [.. Enumerable.Range(0, Rows).Select(r => 900f - (r * 300))];
        _text = new float[Rows * unet.SequenceLength * unet.EmbeddingWidth];
        _noise = new float[_latents.Length];
        for (var i = 0; i < _latents.Length; i++)
        {
            _latents[i] = MathF.Sin(i);
        }

        using var options = SessionOptionsFactory.Create(ExecutionProviderSettings.Cpu);
        _naive = new InferenceSession(Path.Combine(_folder, "unet", "model.onnx"), options);
    }

    [Benchmark(Baseline = true)]
    public void Bound()
    {
        _loaded.Unet.Predict(new UnetBatch { Rows = Rows, Latents = _latents, Timesteps = _timesteps, TextEmbeddings = _text }, _noise);
    }

    [Benchmark]
    public void Naive()
    {
        var unet = _loaded.Unet;
        using var sample = OrtValue.CreateTensorValueFromMemory(_latents.ToArray(), [Rows, 4, unet.Latent.Height, unet.Latent.Width]);
        using var timestep = OrtValue.CreateTensorValueFromMemory(_timesteps.ToArray(), [Rows]);
        using var text = OrtValue.CreateTensorValueFromMemory(_text.ToArray(), [Rows, unet.SequenceLength, unet.EmbeddingWidth]);
        var inputs = new Dictionary<string, OrtValue> { ["sample"] = sample, ["timestep"] = timestep, ["encoder_hidden_states"] = text };
        using var runOptions = new RunOptions();
        using var outputs = _naive.Run(runOptions, inputs, ["out_sample"]);
        outputs[0].GetTensorDataAsSpan<float>().ToArray().CopyTo(_noise, 0);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _naive.Dispose();
        _loaded.Dispose();
        _pool.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
