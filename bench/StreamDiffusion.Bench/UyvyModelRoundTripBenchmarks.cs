using BenchmarkDotNet.Attributes;
using StreamDiffusion.Video.Conversion;
using StreamDiffusion.Video.Frames;
using StreamDiffusion.Video.Geometry;
using StreamDiffusion.Video.Kernels;

namespace StreamDiffusion.Bench;

/// <summary>UYVY 1920×1080 → 512×512 model tensor (centre crop) and back: our converters against the OpenCV chain.</summary>
[MemoryDiagnoser]
public class UyvyModelRoundTripBenchmarks
{
    private BenchFixture _fixture = null!;

    [GlobalSetup]
    public void Setup() => _fixture = new BenchFixture(KernelSelector.Best);

    [GlobalCleanup]
    public void Cleanup() => _fixture.Dispose();

    [Benchmark(Baseline = true, Description = "OpenCV in+out")]
    public void OpenCvRoundTrip()
    {
        _fixture.OpenCv.ToTensor(_fixture.InputBytes, BenchFixture.Width, BenchFixture.Height, _fixture.OpenCvTensor);
        _fixture.OpenCv.ToFrame(_fixture.OpenCvTensor, _fixture.OpenCvOutput, BenchFixture.Width, BenchFixture.Height);
    }

    [Benchmark(Description = "ours in+out")]
    public void OursRoundTrip()
    {
        _fixture.WayIn.Convert(_fixture.Input, _fixture.Tensor);
        _fixture.WayOut.Convert(_fixture.Tensor, _fixture.Output);
    }

    [Benchmark(Description = "OpenCV in")]
    public void OpenCvIn() => _fixture.OpenCv.ToTensor(_fixture.InputBytes, BenchFixture.Width, BenchFixture.Height, _fixture.OpenCvTensor);

    [Benchmark(Description = "ours in")]
    public void OursIn() => _fixture.WayIn.Convert(_fixture.Input, _fixture.Tensor);

    [Benchmark(Description = "OpenCV out")]
    public void OpenCvOut() => _fixture.OpenCv.ToFrame(_fixture.OpenCvTensor, _fixture.OpenCvOutput, BenchFixture.Width, BenchFixture.Height);

    [Benchmark(Description = "ours out")]
    public void OursOut() => _fixture.WayOut.Convert(_fixture.Tensor, _fixture.Output);
}
