using StreamDiffusion.Video.Conversion;
using StreamDiffusion.Video.Frames;
using StreamDiffusion.Video.Geometry;
using StreamDiffusion.Video.Kernels;
using StreamDiffusion.Video.Signals;

namespace StreamDiffusion.Bench;

/// <summary>The shared input (a rendered 1080p test pattern plus soft gradients), both pipelines and their buffers.</summary>
public sealed class BenchFixture : IDisposable
{
    public const int Width = 1920;
    public const int Height = 1080;

    public BenchFixture(KernelWidth kernelWidth)
    {
        var spec = new FrameSpec(PixelFormat.Uyvy, Width, Height);
        var model = ModelResolution.Create(512, 512);
        var settings = new VideoPathSettings(FitMode.Crop);
        var pool = new VideoFramePool();
        Input = pool.Rent(spec.Format, Width, Height);
        Output = pool.Rent(spec.Format, Width, Height);
        using (var pattern = new TestPatternGenerator(spec, 30000, 1001))
        {
            pattern.Render(123, Input);
        }

        AddGradients(Input);
        InputBytes = Input.Data.ToArray();
        Tensor = new ModelTensor(model);
        WayIn = new FrameToTensorConverter(spec, model, settings, kernelWidth);
        WayOut = new TensorToFrameConverter(spec, model, spec, settings, kernelWidth);
        OpenCv = new OpenCvUyvyChain(Width, Height, model.Width, model.Height);
        OpenCvTensor = new float[3 * model.Width * model.Height];
        OpenCvOutput = new byte[InputBytes.Length];
    }

    public VideoFrame Input { get; }

    public byte[] InputBytes { get; }

    public VideoFrame Output { get; }

    public ModelTensor Tensor { get; }

    public FrameToTensorConverter WayIn { get; }

    public TensorToFrameConverter WayOut { get; }

    public OpenCvUyvyChain OpenCv { get; }

    public float[] OpenCvTensor { get; }

    public byte[] OpenCvOutput { get; }

    public void Dispose()
    {
        Input.Dispose();
        Output.Dispose();
        Tensor.Dispose();
        OpenCv.Dispose();
    }

    // Bars alone are flat fields with hard edges; soft luma and chroma ramps over the bottom third make the comparison
    // exercise the filters on picture-like content as well.
    private static void AddGradients(VideoFrame frame)
    {
        for (var y = Height * 3 / 4; y < Height; y++)
        {
            var row = frame.Row(y);
            for (var x = 0; x < Width; x += 2)
            {
                var phase = (x * 0.004) + (y * 0.01);
                row[(2 * x) + 0] = (byte)(128 + (60 * Math.Sin(phase)));
                row[(2 * x) + 2] = (byte)(128 + (60 * Math.Cos(phase * 0.7)));
                row[(2 * x) + 1] = (byte)(row[(2 * x) + 1] / 2 + 60 + (40 * Math.Sin(phase * 1.3)));
                row[(2 * x) + 3] = (byte)(row[(2 * x) + 3] / 2 + 60 + (40 * Math.Sin((phase + 0.004) * 1.3)));
            }
        }
    }
}
