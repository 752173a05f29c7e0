using StreamDiffusion.Video.Conversion;
using StreamDiffusion.Video.Frames;
using StreamDiffusion.Video.Geometry;

namespace StreamDiffusion.Video.Tests.Conversion;

/// <summary>The interlace and alpha policies of docs/video.md.</summary>
public sealed class InterlaceAndAlphaTests
{
    private static readonly ModelResolution s_model = ModelResolution.Create(64, 64);

    [Fact]
    public void Deinterlace_uses_field_0_only_and_outputs_progressive()
    {
        var spec = new FrameSpec(PixelFormat.Uyvy, 64, 64, FieldFormat.Interleaved);
        using var frame = Striped(spec);
        var settings = new VideoPathSettings(FitMode.Stretch);
        using var tensor = new ModelTensor(s_model);
        new FrameToTensorConverter(spec, s_model, settings).Convert(frame, tensor);
        var expected = (2 * (200 - 16) / 219f) - 1;
        foreach (var y in new[] { 0, 1, 30, 31, 63 })
        {
            Assert.Equal(expected, tensor.Plane(1)[(y * 64) + 20], 3);
        }

        var output = TensorToFrameConverter.OutputFor(spec, PixelFormat.Uyvy, settings);
        Assert.Equal(new FrameSpec(PixelFormat.Uyvy, 64, 64, FieldFormat.Progressive), output);
        using var result = TestFrames.Pool.Rent(output.Format, output.Width, output.Height);
        new TensorToFrameConverter(spec, s_model, output, settings).Convert(tensor, result);
        Assert.Equal(FieldFormat.Progressive, result.Provenance.FieldFormat);
        Assert.Equal(200, TestFrames.Luma(result, 20, 1));
    }

    [Fact]
    public void Pass_through_keeps_both_fields_and_the_field_format()
    {
        var spec = new FrameSpec(PixelFormat.Uyvy, 64, 64, FieldFormat.Interleaved);
        using var frame = Striped(spec);
        var settings = new VideoPathSettings(FitMode.Stretch, Interlace: InterlacePolicy.PassThrough);
        using var tensor = new ModelTensor(s_model);
        new FrameToTensorConverter(spec, s_model, settings).Convert(frame, tensor);
        var output = TensorToFrameConverter.OutputFor(spec, PixelFormat.Uyvy, settings);
        Assert.Equal(FieldFormat.Interleaved, output.FieldFormat);
        using var result = TestFrames.Pool.Rent(output.Format, output.Width, output.Height);
        new TensorToFrameConverter(spec, s_model, output, settings).Convert(tensor, result);
        Assert.Equal(200, TestFrames.Luma(result, 20, 10));
        Assert.Equal(50, TestFrames.Luma(result, 20, 11));
        Assert.Equal(FieldFormat.Interleaved, result.Provenance.FieldFormat);
    }

    [Fact]
    public void A_single_field_frame_becomes_a_full_height_progressive_picture()
    {
        var spec = new FrameSpec(PixelFormat.Uyvy, 64, 32, FieldFormat.Field1);
        using var frame = TestFrames.Pool.Rent(spec.Format, spec.Width, spec.Height);
        for (var y = 0; y < 32; y++)
        {
            for (var x = 0; x < 64; x++)
            {
                TestFrames.SetUyvy(frame, x, y, (byte)(20 + (6 * y)), 128, 128);
            }
        }

        var settings = new VideoPathSettings(FitMode.Stretch);
        var output = TensorToFrameConverter.OutputFor(spec, PixelFormat.Uyvy, settings);
        Assert.Equal(new FrameSpec(PixelFormat.Uyvy, 64, 64, FieldFormat.Progressive), output);
        using var tensor = new ModelTensor(s_model);
        new FrameToTensorConverter(spec, s_model, settings).Convert(frame, tensor);
        using var result = TestFrames.Pool.Rent(output.Format, output.Width, output.Height);
        new TensorToFrameConverter(spec, s_model, output, settings).Convert(tensor, result);
        // Field 1 line k sits on picture line 2k + 1; the lines between are interpolated, so luma climbs by ~3 per picture line.
        Assert.InRange(TestFrames.Luma(result, 30, 21), 20 + (6 * 10) - 1, 20 + (6 * 10) + 1);
        Assert.InRange(TestFrames.Luma(result, 30, 22), 20 + (6 * 10) + 2, 20 + (6 * 10) + 4);
    }

    [Fact]
    public void Pass_through_keeps_a_single_field_as_that_field()
    {
        var spec = new FrameSpec(PixelFormat.Uyvy, 64, 32, FieldFormat.Field0);
        using var frame = TestFrames.Pool.Rent(spec.Format, spec.Width, spec.Height);
        for (var y = 0; y < 32; y++)
        {
            for (var x = 0; x < 64; x++)
            {
                TestFrames.SetUyvy(frame, x, y, (byte)(20 + (6 * y)), 128, 128);
            }
        }

        var settings = new VideoPathSettings(FitMode.Stretch, Interlace: InterlacePolicy.PassThrough);
        var output = TensorToFrameConverter.OutputFor(spec, PixelFormat.Uyvy, settings);
        Assert.Equal(spec, output);
        using var tensor = new ModelTensor(s_model);
        new FrameToTensorConverter(spec, s_model, settings).Convert(frame, tensor);
        using var result = TestFrames.Pool.Rent(output.Format, output.Width, output.Height);
        new TensorToFrameConverter(spec, s_model, output, settings).Convert(tensor, result);
        Assert.Equal(FieldFormat.Field0, result.Provenance.FieldFormat);
        for (var y = 0; y < 32; y++)
        {
            Assert.InRange(TestFrames.Luma(result, 17, y), 20 + (6 * y) - 1, 20 + (6 * y) + 1);
        }
    }

    [Fact]
    public void A_tensor_without_room_for_the_alpha_says_how_much_it_needs()
    {
        var spec = new FrameSpec(PixelFormat.Bgra, 80, 40);
        using var frame = TestFrames.Pool.Rent(spec.Format, spec.Width, spec.Height);
        using var tensor = new ModelTensor(s_model);
        var error = Assert.Throws<ArgumentException>(() => new FrameToTensorConverter(spec, s_model, new VideoPathSettings()).Convert(frame, tensor));
        Assert.Contains("maxAlphaPixels of at least 3200", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(PixelFormat.Uyva)]
    [InlineData(PixelFormat.Bgra)]
    public void Carried_alpha_is_reattached_exactly_and_dropped_alpha_is_opaque(PixelFormat outputFormat)
    {
        var spec = new FrameSpec(PixelFormat.Uyva, 66, 40);
        using var frame = TestFrames.Pool.Rent(spec.Format, spec.Width, spec.Height);
        TestFrames.Scribble(frame, 9);
        var alpha = frame.AlphaPlane;
        var model = ModelResolution.Create(64, 64);
        var outputSpec = spec with { Format = outputFormat };
        using var tensor = new ModelTensor(model, spec.Width * spec.Height);
        using var result = TestFrames.Pool.Rent(outputSpec.Format, outputSpec.Width, outputSpec.Height);

        var carry = new VideoPathSettings(FitMode.Crop, Alpha: AlphaPolicy.Carry);
        new FrameToTensorConverter(spec, model, carry).Convert(frame, tensor);
        Assert.True(tensor.Alpha.IsPresent);
        new TensorToFrameConverter(spec, model, outputSpec, carry).Convert(tensor, result);
        for (var y = 0; y < spec.Height; y++)
        {
            for (var x = 0; x < spec.Width; x++)
            {
                Assert.Equal(alpha[(y * spec.Width) + x], AlphaOf(result, x, y));
            }
        }

        var drop = carry with { Alpha = AlphaPolicy.Drop };
        new FrameToTensorConverter(spec, model, drop).Convert(frame, tensor);
        Assert.False(tensor.Alpha.IsPresent);
        new TensorToFrameConverter(spec, model, outputSpec, drop).Convert(tensor, result);
        Assert.Equal(255, AlphaOf(result, 3, 3));
        Assert.Equal(255, AlphaOf(result, 65, 39));
    }

    [Fact]
    public void Alpha_from_bgra_is_resampled_when_the_output_size_differs()
    {
        var spec = new FrameSpec(PixelFormat.Bgra, 128, 64);
        using var frame = TestFrames.Pool.Rent(spec.Format, spec.Width, spec.Height);
        for (var y = 0; y < spec.Height; y++)
        {
            var row = frame.Row(y);
            for (var x = 0; x < spec.Width; x++)
            {
                row[(4 * x) + 3] = x < 64 ? (byte)0 : (byte)255;
            }
        }

        var model = ModelResolution.Create(128, 64);
        var output = new FrameSpec(PixelFormat.Uyva, 64, 32);
        var settings = new VideoPathSettings(FitMode.Stretch);
        using var tensor = new ModelTensor(model, spec.Width * spec.Height);
        new FrameToTensorConverter(spec, model, settings).Convert(frame, tensor);
        using var result = TestFrames.Pool.Rent(output.Format, output.Width, output.Height);
        new TensorToFrameConverter(spec, model, output, settings).Convert(tensor, result);
        Assert.Equal(0, AlphaOf(result, 10, 10));
        Assert.Equal(255, AlphaOf(result, 50, 10));
    }

    private static byte AlphaOf(VideoFrame frame, int x, int y) =>
        frame.Format == PixelFormat.Uyva ? frame.AlphaPlane[(y * frame.Width) + x] : frame.Row(y)[(4 * x) + 3];

    private static VideoFrame Striped(FrameSpec spec)
    {
        var frame = TestFrames.Pool.Rent(spec.Format, spec.Width, spec.Height);
        for (var y = 0; y < spec.Height; y++)
        {
            for (var x = 0; x < spec.Width; x++)
            {
                TestFrames.SetUyvy(frame, x, y, y % 2 == 0 ? (byte)200 : (byte)50, 128, 128);
            }
        }

        return frame;
    }
}
