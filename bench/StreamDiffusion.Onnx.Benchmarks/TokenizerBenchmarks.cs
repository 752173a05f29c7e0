using BenchmarkDotNet.Attributes;
using StreamDiffusion.Onnx.Synthetic;
using StreamDiffusion.Onnx.Tokenization;

namespace StreamDiffusion.Onnx.Benchmarks;

/// <summary>Prompt → 77 padded ids. Uses the real CLIP vocabulary when SDB_CLIP_DIR names it, else the synthetic one.</summary>
[MemoryDiagnoser]
public class TokenizerBenchmarks
{
    private readonly int[] _ids = new int[ClipTokenizer.SequenceLength];
    private ClipTokenizer _tokenizer = null!;

    [GlobalSetup]
    public void Setup()
    {
        var folder = Environment.GetEnvironmentVariable("SDB_CLIP_DIR");
        if (string.IsNullOrEmpty(folder))
        {
            folder = Path.Combine(Path.GetTempPath(), "sdb-bench-tok-" + Guid.NewGuid().ToString("N"));
            SyntheticClipVocabulary.Write(folder, "!");
        }

        _tokenizer = ClipTokenizer.Load(folder);
    }

    [Benchmark]
    public void EncodePadded() =>
        _tokenizer.EncodePadded("an astronaut riding a horse on mars, trending on artstation, highly detailed, 4k", _ids);
}
