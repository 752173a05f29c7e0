using StreamDiffusion.Video.Colour;
using StreamDiffusion.Video.Conversion;
using StreamDiffusion.Video.Frames;
using StreamDiffusion.Video.Geometry;
using StreamDiffusion.Video.Kernels;
using StreamDiffusion.Video.Tests.Kernels;

namespace StreamDiffusion.Video.Tests.Conversion;

/// <summary>75% colour bars with published code values, through the converters both ways, at every kernel width.</summary>
public sealed class ColourGoldenTests
{
    private const int BarWidth = 64;
    private const int Height = 64;
    private static readonly ModelResolution s_model = ModelResolution.Create(7 * BarWidth, Height);

    public static TheoryData<ColourMatrix, KernelWidth> Cases()
    {
        var data = new TheoryData<ColourMatrix, KernelWidth>();
        foreach (var matrix in new[] { ColourMatrix.Bt709, ColourMatrix.Bt601, ColourMatrix.Bt2020 })
        {
            foreach (var width in new[] { KernelWidth.Scalar, KernelWidth.Vector128, KernelWidth.Vector256, KernelWidth.Vector512 })
            {
                data.Add(matrix, width);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Uyvy_bars_decode_to_75_percent_rgb(ColourMatrix matrix, KernelWidth width)
    {
        KernelEquivalenceTests.SkipUnlessAccelerated(width);
        var spec = new FrameSpec(PixelFormat.Uyvy, 7 * BarWidth, Height);
        using var frame = TestFrames.Pool.Rent(PixelFormat.Uyvy, spec.Width, spec.Height, strideBytes: (2 * spec.Width) + 36);
        TestFrames.Scribble(frame, 1);
        var codes = ColourBars.Codes(matrix);
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < spec.Width; x++)
            {
                var (luma, cb, cr) = codes[x / BarWidth];
                TestFrames.SetUyvy(frame, x, y, luma, cb, cr);
            }
        }

        var settings = new VideoPathSettings(FitMode.Stretch, new ColourSettings(matrix, ColourRange.Limited));
        var converter = new FrameToTensorConverter(spec, s_model, settings, width);
        using var tensor = new ModelTensor(s_model);
        converter.Convert(frame, tensor);

        // One 8-bit limited-range step is 2/219 in model units; published codes are rounded, so allow one step.
        const float Step = 2f / 219f;
        for (var bar = 0; bar < 7; bar++)
        {
            var (r, g, b) = ColourBars.Rgb[bar];
            foreach (var x in new[] { (bar * BarWidth) + 2, (bar * BarWidth) + 31, (bar * BarWidth) + 61 })
            {
                foreach (var y in new[] { 0, 31, Height - 1 })
                {
                    var i = (y * s_model.Width) + x;
                    Assert.InRange(tensor.Plane(0)[i], (float)((2 * r) - 1) - Step, (float)((2 * r) - 1) + Step);
                    Assert.InRange(tensor.Plane(1)[i], (float)((2 * g) - 1) - Step, (float)((2 * g) - 1) + Step);
                    Assert.InRange(tensor.Plane(2)[i], (float)((2 * b) - 1) - Step, (float)((2 * b) - 1) + Step);
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Model_bars_encode_to_published_uyvy_codes(ColourMatrix matrix, KernelWidth width)
    {
        KernelEquivalenceTests.SkipUnlessAccelerated(width);
        var spec = new FrameSpec(PixelFormat.Uyvy, 7 * BarWidth, Height);
        using var tensor = new ModelTensor(s_model);
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < s_model.Width; x++)
            {
                var (r, g, b) = ColourBars.Rgb[x / BarWidth];
                var i = (y * s_model.Width) + x;
                tensor.Plane(0)[i] = (float)((2 * r) - 1);
                tensor.Plane(1)[i] = (float)((2 * g) - 1);
                tensor.Plane(2)[i] = (float)((2 * b) - 1);
            }
        }

        var settings = new VideoPathSettings(FitMode.Stretch, new ColourSettings(matrix, ColourRange.Limited));
        var converter = new TensorToFrameConverter(spec, s_model, spec, settings, width);
        using var frame = TestFrames.Pool.Rent(PixelFormat.Uyvy, spec.Width, spec.Height, strideBytes: (2 * spec.Width) + 20);
        TestFrames.Scribble(frame, 2);
        converter.Convert(tensor, frame);

        var codes = ColourBars.Codes(matrix);
        for (var bar = 0; bar < 7; bar++)
        {
            for (var x = (bar * BarWidth) + 2; x < ((bar + 1) * BarWidth) - 2; x++)
            {
                foreach (var y in new[] { 0, 17, Height - 1 })
                {
                    Assert.Equal(codes[bar].Y, TestFrames.Luma(frame, x, y));
                    Assert.Equal((codes[bar].Cb, codes[bar].Cr), TestFrames.Chroma(frame, x, y));
                }
            }
        }
    }

    [Theory]
    [InlineData(720, 576, ColourMatrix.Bt601)]
    [InlineData(720, 480, ColourMatrix.Bt601)]
    [InlineData(1280, 720, ColourMatrix.Bt709)]
    [InlineData(1920, 1080, ColourMatrix.Bt709)]
    [InlineData(3840, 2160, ColourMatrix.Bt2020)]
    [InlineData(2048, 1080, ColourMatrix.Bt2020)]
    public void Matrix_follows_the_ndi_convention_by_picture_size_unless_overridden(int width, int height, ColourMatrix expected)
    {
        var spec = new FrameSpec(PixelFormat.Uyvy, width, height);
        var model = ModelResolution.Create(512, 512);
        Assert.Equal(expected, new FrameToTensorConverter(spec, model, new VideoPathSettings()).Matrix);
        Assert.Equal(expected, new TensorToFrameConverter(spec, model, spec, new VideoPathSettings()).Matrix);
        Assert.Equal(ColourRange.Limited, new FrameToTensorConverter(spec, model, new VideoPathSettings()).Range);
        var overridden = new VideoPathSettings(Colour: new ColourSettings(ColourMatrix.Bt2020, ColourRange.Full));
        Assert.Equal(ColourMatrix.Bt2020, new FrameToTensorConverter(spec, model, overridden).Matrix);
        Assert.Equal(ColourRange.Full, new TensorToFrameConverter(spec, model, spec, overridden).Range);
    }

    [Fact]
    public void Full_range_yuv_maps_0_and_255_luma_to_the_ends_of_the_model_range()
    {
        var spec = new FrameSpec(PixelFormat.Uyvy, 64, 64);
        var model = ModelResolution.Create(64, 64);
        using var frame = TestFrames.Pool.Rent(PixelFormat.Uyvy, 64, 64);
        for (var y = 0; y < 64; y++)
        {
            for (var x = 0; x < 64; x++)
            {
                TestFrames.SetUyvy(frame, x, y, x < 32 ? (byte)0 : (byte)255, 128, 128);
            }
        }

        var converter = new FrameToTensorConverter(spec, model, new VideoPathSettings(FitMode.Stretch, new ColourSettings(ColourMatrix.Bt709, ColourRange.Full)));
        using var tensor = new ModelTensor(model);
        converter.Convert(frame, tensor);
        Assert.Equal(-1f, tensor.Plane(1)[(10 * 64) + 5], 5);
        Assert.Equal(1f, tensor.Plane(1)[(10 * 64) + 50], 5);
    }
}
