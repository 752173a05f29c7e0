using StreamDiffusion.Video.Conversion;
using StreamDiffusion.Video.Frames;
using StreamDiffusion.Video.Geometry;

namespace StreamDiffusion.Video.Tests.Conversion;

/// <summary>Bad input at the boundary gets a message naming the thing, the value, the limit and the fix.</summary>
public sealed class BoundaryErrorTests
{
    private static readonly ModelResolution s_model = ModelResolution.Create(512, 512);

    [Theory]
    [InlineData(PixelFormat.P216)]
    [InlineData(PixelFormat.Pa16)]
    public void Sixteen_bit_formats_are_refused_with_the_receiver_setting_to_use(PixelFormat format)
    {
        var error = Assert.Throws<NotSupportedException>(() => new FrameToTensorConverter(new FrameSpec(format, 1920, 1080), s_model, new VideoPathSettings()));
        Assert.Contains(format.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Contains("fastest", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(PixelFormat.Rgba)]
    [InlineData(PixelFormat.Rgbx)]
    [InlineData(PixelFormat.P216)]
    public void Outputs_other_than_uyvy_uyva_bgra_bgrx_are_refused(PixelFormat format)
    {
        var input = new FrameSpec(PixelFormat.Uyvy, 1280, 720);
        var error = Assert.Throws<NotSupportedException>(() => new TensorToFrameConverter(input, s_model, input with { Format = format }, new VideoPathSettings()));
        Assert.Contains("UYVY", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_frame_of_another_shape_or_a_short_buffer_is_refused()
    {
        var spec = new FrameSpec(PixelFormat.Uyvy, 1280, 720);
        var converter = new FrameToTensorConverter(spec, s_model, new VideoPathSettings());
        using var tensor = new ModelTensor(s_model);
        using var wrong = TestFrames.Pool.Rent(PixelFormat.Uyvy, 1920, 1080);
        var error = Assert.Throws<ArgumentException>(() => converter.Convert(wrong, tensor));
        Assert.Contains("1920×1080", error.Message, StringComparison.Ordinal);
        Assert.Contains("build a converter", error.Message, StringComparison.Ordinal);

        var shortBuffer = new byte[(2560 * 720) - 1];
        var tooShort = Assert.Throws<ArgumentException>(() => converter.Convert(shortBuffer, 2560, default, tensor));
        Assert.Contains("needs 1843200 bytes", tooShort.Message, StringComparison.Ordinal);

        var badStride = Assert.Throws<ArgumentException>(() => converter.Convert(new byte[4_000_000], 2000, default, tensor));
        Assert.Contains("stride 2000", badStride.Message, StringComparison.Ordinal);
        Assert.Contains("2560", badStride.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Odd_width_uyvy_rows_round_up_to_a_whole_pixel_pair()
    {
        Assert.Equal(8, PixelFormats.RowBytes(PixelFormat.Uyvy, 3));
        Assert.Equal(12, PixelFormats.RowBytes(PixelFormat.Bgra, 3));
        Assert.Equal((16L * 5) + 15, PixelFormats.FrameBytes(PixelFormat.Uyva, 3, 5, 16));
    }
}
