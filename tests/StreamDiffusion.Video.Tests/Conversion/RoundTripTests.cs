using StreamDiffusion.Video.Colour;
using StreamDiffusion.Video.Conversion;
using StreamDiffusion.Video.Frames;
using StreamDiffusion.Video.Geometry;
using StreamDiffusion.Video.Kernels;
using StreamDiffusion.Video.Tests.Kernels;

namespace StreamDiffusion.Video.Tests.Conversion;

/// <summary>Frame → tensor → frame at identity geometry comes back within ±1 code value, at odd sizes and padded strides.</summary>
public sealed class RoundTripTests
{
    public static TheoryData<int, int, int, KernelWidth> Shapes()
    {
        var data = new TheoryData<int, int, int, KernelWidth>();
        foreach (var width in new[] { KernelWidth.Scalar, KernelWidth.Vector128, KernelWidth.Vector256, KernelWidth.Vector512 })
        {
            data.Add(37, 23, 12, width);
            data.Add(2, 1, 0, width);
            data.Add(1366, 9, 64, width);
            data.Add(64, 64, 0, width);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Bgra_round_trip_is_within_one_code_value_with_alpha_carried(int w, int h, int padding, KernelWidth width)
    {
        KernelEquivalenceTests.SkipUnlessAccelerated(width);
        var spec = new FrameSpec(PixelFormat.Bgra, w, h);
        var model = ModelResolution.Unchecked(w, h);
        var settings = new VideoPathSettings(FitMode.Stretch);
        using var input = TestFrames.Pool.Rent(PixelFormat.Bgra, w, h, (4 * w) + padding);
        TestFrames.Scribble(input, w * h);
        using var output = TestFrames.Pool.Rent(PixelFormat.Bgra, w, h, (4 * w) + padding + 4);
        TestFrames.Scribble(output, 7);
        using var tensor = new ModelTensor(model, w * h);
        new FrameToTensorConverter(spec, model, settings, width).Convert(input, tensor);
        new TensorToFrameConverter(spec, model, spec, settings, width).Convert(tensor, output);
        for (var y = 0; y < h; y++)
        {
            var expected = input.Row(y);
            var actual = output.Row(y);
            for (var i = 0; i < expected.Length; i++)
            {
                Assert.InRange(actual[i] - expected[i], -1, 1);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Uyvy_round_trip_is_within_one_code_value_for_in_gamut_pictures(int w, int h, int padding, KernelWidth width)
    {
        KernelEquivalenceTests.SkipUnlessAccelerated(width);
        var spec = new FrameSpec(PixelFormat.Uyvy, w, h);
        var model = ModelResolution.Unchecked(w, h);
        var settings = new VideoPathSettings(FitMode.Stretch, new ColourSettings(ColourMatrix.Bt709));
        using var input = TestFrames.Pool.Rent(PixelFormat.Uyvy, w, h, PixelFormats.RowBytes(PixelFormat.Uyvy, w) + padding);
        TestFrames.Scribble(input, 3);
        // Random luma; chroma a gentle ramp along each line (4:2:2 keeps a line's chroma linear exactly); all inside the
        // R'G'B' cube, so nothing is clipped on the way.
        var random = new Random(w + (31 * h));
        for (var y = 0; y < h; y++)
        {
            var cb0 = random.Next(110, 146);
            var cr0 = random.Next(110, 146);
            for (var x = 0; x < w; x++)
            {
                var k = x / 2;
                TestFrames.SetUyvy(input, x, y, (byte)random.Next(60, 191), (byte)(cb0 + (k % 8)), (byte)(cr0 - (k % 8)));
            }
        }

        using var output = TestFrames.Pool.Rent(PixelFormat.Uyvy, w, h);
        TestFrames.Scribble(output, 5);
        using var tensor = new ModelTensor(model);
        new FrameToTensorConverter(spec, model, settings, width).Convert(input, tensor);
        new TensorToFrameConverter(spec, model, spec, settings, width).Convert(tensor, output);
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                Assert.InRange(TestFrames.Luma(output, x, y) - TestFrames.Luma(input, x, y), -1, 1);
                var k = x / 2;
                if (k % 8 is 0 or 7 || 2 * k >= w - 2)
                {
                    // The ramp restarts every 8 chroma samples; next to a restart the chroma filters see a step, not a ramp.
                    continue;
                }

                var (cbIn, crIn) = TestFrames.Chroma(input, x, y);
                var (cbOut, crOut) = TestFrames.Chroma(output, x, y);
                Assert.InRange(cbOut - cbIn, -1, 1);
                Assert.InRange(crOut - crIn, -1, 1);
            }
        }
    }

    [Theory]
    [InlineData(KernelWidth.Vector128)]
    [InlineData(KernelWidth.Vector256)]
    [InlineData(KernelWidth.Vector512)]
    public void Whole_conversion_at_each_width_equals_the_scalar_conversion(KernelWidth width)
    {
        KernelEquivalenceTests.SkipUnlessAccelerated(width);
        var spec = new FrameSpec(PixelFormat.Uyvy, 1366, 77);
        var model = ModelResolution.Create(512, 320);
        var settings = new VideoPathSettings(FitMode.Letterbox);
        using var input = TestFrames.Pool.Rent(PixelFormat.Uyvy, spec.Width, spec.Height, 2800);
        TestFrames.Scribble(input, 11);
        using var scalarTensor = new ModelTensor(model);
        using var vectorTensor = new ModelTensor(model);
        new FrameToTensorConverter(spec, model, settings, KernelWidth.Scalar).Convert(input, scalarTensor);
        new FrameToTensorConverter(spec, model, settings, width).Convert(input, vectorTensor);
        Assert.Equal(scalarTensor.Data.ToArray(), vectorTensor.Data.ToArray());

        using var scalarFrame = TestFrames.Pool.Rent(PixelFormat.Uyvy, spec.Width, spec.Height);
        using var vectorFrame = TestFrames.Pool.Rent(PixelFormat.Uyvy, spec.Width, spec.Height);
        new TensorToFrameConverter(spec, model, spec, settings, KernelWidth.Scalar).Convert(scalarTensor, scalarFrame);
        new TensorToFrameConverter(spec, model, spec, settings, width).Convert(vectorTensor, vectorFrame);
        Assert.Equal(scalarFrame.Data.ToArray(), vectorFrame.Data.ToArray());
    }

    [Fact]
    public void Converters_allocate_nothing_per_frame_once_built()
    {
        var spec = new FrameSpec(PixelFormat.Uyva, 1280, 720);
        var model = ModelResolution.Create(512, 512);
        var settings = new VideoPathSettings();
        var wayIn = new FrameToTensorConverter(spec, model, settings);
        var wayOut = new TensorToFrameConverter(spec, model, spec, settings);
        using var input = TestFrames.Pool.Rent(spec.Format, spec.Width, spec.Height);
        using var output = TestFrames.Pool.Rent(spec.Format, spec.Width, spec.Height);
        using var tensor = new ModelTensor(model, spec.Width * spec.Height);
        wayIn.Convert(input, tensor);
        wayOut.Convert(tensor, output);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 3; i++)
        {
            wayIn.Convert(input, tensor);
            wayOut.Convert(tensor, output);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
