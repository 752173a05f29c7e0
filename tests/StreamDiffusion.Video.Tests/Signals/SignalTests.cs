using SkiaSharp;
using StreamDiffusion.Video.Frames;
using StreamDiffusion.Video.Signals;
using StreamDiffusion.Video.Tests.Conversion;

namespace StreamDiffusion.Video.Tests.Signals;

/// <summary>The moving test pattern and the slate.</summary>
public sealed class SignalTests
{
    [Fact]
    public void Bars_carry_75_percent_colours_and_encode_to_bt709_codes_in_hd()
    {
        var spec = new FrameSpec(PixelFormat.Uyvy, 1280, 720);
        using var pattern = new TestPatternGenerator(spec, 30000, 1001);
        using var frame = TestFrames.Pool.Rent(spec.Format, spec.Width, spec.Height);
        pattern.Render(0, frame);
        var codes = ColourBars.Codes(Colour.ColourMatrix.Bt709);
        for (var bar = 0; bar < 7; bar++)
        {
            var x = (pattern.BarX(bar) + pattern.BarX(bar + 1)) / 2 & ~1;
            // 191/255 is 74.9%, not 75%, so allow one code value.
            Assert.InRange(TestFrames.Luma(frame, x, 100), codes[bar].Y - 1, codes[bar].Y + 1);
            var (cb, cr) = TestFrames.Chroma(frame, x, 100);
            Assert.InRange(cb, codes[bar].Cb - 1, codes[bar].Cb + 1);
            Assert.InRange(cr, codes[bar].Cr - 1, codes[bar].Cr + 1);
        }
    }

    [Fact]
    public void The_sweep_moves_and_the_text_changes_from_frame_to_frame()
    {
        var spec = new FrameSpec(PixelFormat.Bgra, 640, 360);
        using var pattern = new TestPatternGenerator(spec, 25, 1);
        using var a = TestFrames.Pool.Rent(spec.Format, spec.Width, spec.Height);
        using var b = TestFrames.Pool.Rent(spec.Format, spec.Width, spec.Height);
        pattern.Render(10, a);
        pattern.Render(11, b);
        Assert.NotEqual(pattern.SweepX(10), pattern.SweepX(11));
        var line = pattern.StripTop + 2;
        Assert.Equal(255, a.Row(line)[(4 * (pattern.SweepX(10) + 1)) + 1]);
        Assert.NotEqual(255, b.Row(line)[(4 * (pattern.SweepX(10) - 3)) + 1]);
        Assert.Equal(10, a.Provenance.FrameId);
        Assert.Equal(SmpteTimecode.ToNdiTimecode(11, 25, 1), b.Provenance.Timecode);

        // The text sits in the middle of the bottom strip and differs between frames 10 and 11.
        var textBand = Enumerable.Range(pattern.StripTop + ((spec.Height - pattern.StripTop) / 4), (spec.Height - pattern.StripTop) / 2);
        var differing = textBand.Sum(y => CountDifferences(a.Row(y), b.Row(y)));
        Assert.True(differing > 20, $"only {differing} bytes differ in the text band between frames 10 and 11");
    }

    [Fact]
    public void Slate_draws_text_on_a_solid_background()
    {
        var spec = new FrameSpec(PixelFormat.Bgrx, 320, 180);
        using var slate = new SlateGenerator(spec);
        using var frame = TestFrames.Pool.Rent(spec.Format, spec.Width, spec.Height);
        slate.Render("NO INPUT\nchannel 1", new SKColor(0, 0, 128), SKColors.White, frame, new FrameProvenance(5, 0, 0, FieldFormat.Progressive));
        Assert.Equal([128, 0, 0, 255], frame.Row(2)[..4].ToArray());
        var bright = 0;
        for (var y = 0; y < spec.Height; y++)
        {
            var row = frame.Row(y);
            for (var x = 0; x < spec.Width; x++)
            {
                bright += row[(4 * x) + 1] > 200 ? 1 : 0;
            }
        }

        Assert.InRange(bright, 100, spec.Width * spec.Height / 4);
        Assert.Equal(5, frame.Provenance.FrameId);
    }

    [Theory]
    [InlineData(0L, 25, 1, "00:00:00:00")]
    [InlineData(1234L, 25, 1, "00:00:49:09")]
    [InlineData(108_000L, 30000, 1001, "01:00:00:00")]
    public void Timecode_text_is_non_drop_hh_mm_ss_ff(long frame, int n, int d, string expected)
    {
        Assert.Equal(expected, SmpteTimecode.FromFrame(frame, n, d));
        Assert.Equal(expected, SmpteTimecode.FromNdiTimecode(SmpteTimecode.ToNdiTimecode(frame, n, d) + 1, n, d));
    }

    private static int CountDifferences(Span<byte> a, Span<byte> b)
    {
        var count = 0;
        for (var i = 0; i < a.Length; i++)
        {
            count += a[i] != b[i] ? 1 : 0;
        }

        return count;
    }
}
