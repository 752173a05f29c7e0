using StreamDiffusion.Video.Conversion;
using StreamDiffusion.Video.Frames;

namespace StreamDiffusion.Video.Tests.Conversion;

/// <summary>A live input that changes shape under a fixed output format is converted to it, keeping the whole picture.</summary>
public sealed class FrameConformerTests
{
    private static VideoFrame Flat(PixelFormat format, int width, int height, byte luma, FieldFormat field = FieldFormat.Progressive)
    {
        var frame = TestFrames.Pool.Rent(format, width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                TestFrames.SetUyvy(frame, x, y, luma, 128, 128);
            }
        }

        frame.Provenance = new FrameProvenance(7, 1234, 5678, field);
        return frame;
    }

    [Fact]
    public void A_narrower_input_is_pillarboxed_into_the_output_size_with_black_bars()
    {
        // 4:3 into 16:9: the picture keeps its aspect in the middle 240 of 320 columns; the sides are black.
        using var input = Flat(PixelFormat.Uyvy, 240, 180, 180);
        using var output = TestFrames.Pool.Rent(PixelFormat.Uyvy, 320, 180);
        using var conformer = new FrameConformer(new FrameSpec(PixelFormat.Uyvy, 240, 180), new FrameSpec(PixelFormat.Uyvy, 320, 180), new VideoPathSettings());

        conformer.Convert(input, output);

        Assert.InRange(TestFrames.Luma(output, 160, 90), 178, 182);
        Assert.InRange(TestFrames.Luma(output, 4, 90), 15, 17);
        Assert.InRange(TestFrames.Luma(output, 315, 90), 15, 17);
        Assert.Equal((7L, 1234L, 5678L), (output.Provenance.FrameId, output.Provenance.CaptureTimestamp, output.Provenance.Timecode));
    }

    [Fact]
    public void A_larger_input_of_the_same_aspect_fills_the_output()
    {
        using var input = Flat(PixelFormat.Uyvy, 640, 360, 100);
        using var output = TestFrames.Pool.Rent(PixelFormat.Uyvy, 320, 180);
        using var conformer = new FrameConformer(new FrameSpec(PixelFormat.Uyvy, 640, 360), new FrameSpec(PixelFormat.Uyvy, 320, 180), new VideoPathSettings());

        conformer.Convert(input, output);

        foreach (var (x, y) in new[] { (0, 0), (319, 179), (160, 90) })
        {
            Assert.InRange(TestFrames.Luma(output, x, y), 98, 102);
        }
    }

    [Fact]
    public void An_interleaved_input_under_the_deinterlace_policy_becomes_a_progressive_output()
    {
        using var input = Flat(PixelFormat.Uyvy, 320, 180, 150, FieldFormat.Interleaved);
        using var output = TestFrames.Pool.Rent(PixelFormat.Uyvy, 320, 180);
        using var conformer = new FrameConformer(
            new FrameSpec(PixelFormat.Uyvy, 320, 180, FieldFormat.Interleaved), new FrameSpec(PixelFormat.Uyvy, 320, 180), new VideoPathSettings());

        conformer.Convert(input, output);

        Assert.Equal(FieldFormat.Progressive, output.Provenance.FieldFormat);
        Assert.InRange(TestFrames.Luma(output, 100, 100), 148, 152);
    }
}
