using BenchmarkDotNet.Attributes;
using StreamDiffusion.Core.Filtering;
using StreamDiffusion.Core.Guidance;
using StreamDiffusion.Core.Pipeline;

namespace StreamDiffusion.Core.Bench;

/// <summary>One ProcessFrame in steady state (after warm-up), per guidance mode and step count.</summary>
[MemoryDiagnoser]
public class StreamPipelineBenchmarks
{
    private readonly NoCostModels _models = new();
    private StreamPipeline _pipeline = null!;
    private long _frameId;

    [Params(GuidanceMode.Self, GuidanceMode.Initialize, GuidanceMode.Full)]
    public GuidanceMode Mode { get; set; }

    [Params(1, 4)]
    public int Steps { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        int[] indices = Steps == 1 ? [35] : [18, 26, 35, 45];
        var parameters = new StreamParameters
        {
            Guidance = Mode,
            StepIndices = indices,
            Prompt = "a watercolour painting",
            GuidanceScale = 1.4f,
            Delta = 0.5f,
            SimilarityFilter = new SimilarityFilterSettings(Enabled: false),
        };
        _pipeline = new StreamPipeline(_models.AsModels(), parameters);
        for (int i = 0; i < 16; i++)
        {
            ProcessFrame();
        }
    }

    [Benchmark]
    public FrameOutcome ProcessFrame()
    {
        long id = _frameId++;
        _models.Provenance = new FrameProvenance(id, TimeSpan.FromMilliseconds(40 * id), 0);
        return _pipeline.ProcessFrame(_models).Outcome;
    }
}
