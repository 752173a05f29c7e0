using SkiaSharp;
using StreamDiffusion.Video.Frames;

namespace StreamDiffusion.Video.Signals;

/// <summary>
/// A moving test pattern: SMPTE-style 75% colour bars (top two thirds), reverse castellations, a bottom strip with a
/// white bar sweeping one way across it, and the frame number and timecode as text. Each frame differs, so a frozen
/// output is visible at a glance. Built once per shape; <see cref="Render"/> is not thread-safe.
/// </summary>
public sealed class TestPatternGenerator : IDisposable
{
    /// <summary>75% bars, left to right, as 8-bit R'G'B' (0.75 × 255 = 191).</summary>
    public static readonly IReadOnlyList<SKColor> Bars =
    [
        new(191, 191, 191), new(191, 191, 0), new(0, 191, 191), new(0, 191, 0),
        new(191, 0, 191), new(191, 0, 0), new(0, 0, 191),
    ];

    private static readonly SKColor[] s_castellations =
    [
        new(0, 0, 191), new(19, 19, 19), new(191, 0, 191), new(19, 19, 19),
        new(0, 191, 191), new(19, 19, 19), new(191, 191, 191),
    ];

    private readonly SkiaPicture _strip;
    private readonly VideoFrame _background;
    private readonly VideoFrame _stripFrame;
    private readonly SKTypeface _typeface;
    private readonly SKFont _font;
    private readonly SKPaint _paint = new() { IsAntialias = false };
    private readonly SKPaint _textPaint = new() { IsAntialias = true, Color = SKColors.White };

    /// <summary>A generator for <paramref name="output"/> frames at <paramref name="rateNumerator"/>/<paramref name="rateDenominator"/> fps.</summary>
    /// <exception cref="ArgumentException">The size is unusable or smaller than 64×64.</exception>
    public TestPatternGenerator(FrameSpec output, int rateNumerator, int rateDenominator)
    {
        if (output.Width < 64 || output.Height < 64)
        {
            throw new ArgumentException($"Test pattern size {output.Width}×{output.Height} is too small; use at least 64×64.", nameof(output));
        }

        if (rateNumerator <= 0 || rateDenominator <= 0)
        {
            throw new ArgumentException($"Frame rate {rateNumerator}/{rateDenominator} is not a rate; use e.g. 30000/1001.", nameof(rateNumerator));
        }

        Output = output;
        RateNumerator = rateNumerator;
        RateDenominator = rateDenominator;
        _typeface = SignalFonts.Monospace();
        _font = new SKFont(_typeface, Math.Max(10, output.Height / 18f));

        // Only the bottom strip (sweep, frame number, timecode) moves: the rest is drawn and converted once, and each
        // frame draws and converts just the strip, in the colour matrix of the whole picture's size.
        var pool = new VideoFramePool();
        _background = pool.Rent(output.Format, output.Width, output.Height);
        using (var whole = new SkiaPicture(output))
        {
            DrawStatic(whole.Canvas);
            whole.CopyTo(_background, default);
        }

        var colour = new Colour.ColourSettings(Colour.ColourSettings.ConventionFor(output.Width, output.Height));
        var strip = new FrameSpec(output.Format, output.Width, output.Height - StripTop);
        _strip = new SkiaPicture(strip, colour);
        _stripFrame = pool.Rent(strip.Format, strip.Width, strip.Height);
    }

    /// <summary>The frames this generator writes.</summary>
    public FrameSpec Output { get; }

    /// <summary>Frame rate numerator.</summary>
    public int RateNumerator { get; }

    /// <summary>Frame rate denominator.</summary>
    public int RateDenominator { get; }

    /// <summary>First line of the bottom strip (where the sweep and the text live).</summary>
    public int StripTop => (int)Math.Round(Output.Height * 0.75);

    /// <summary>One past the last line of the colour bars.</summary>
    public int BarsBottom => (int)Math.Round(Output.Height * 2 / 3.0);

    /// <summary>Width of the sweeping bar.</summary>
    public int SweepWidth => Math.Max(2, Output.Width / 64);

    /// <summary>Left column of the sweeping bar in frame <paramref name="frame"/>: it crosses the picture every four seconds.</summary>
    public int SweepX(long frame)
    {
        var framesPerCrossing = Math.Max(1, (long)Math.Round(4.0 * RateNumerator / RateDenominator));
        return (int)(frame % framesPerCrossing * (Output.Width - SweepWidth) / framesPerCrossing);
    }

    /// <summary>Left column of bar <paramref name="index"/> (0–7; 7 is the right edge).</summary>
    public int BarX(int index) => (int)Math.Round((double)index * Output.Width / Bars.Count);

    /// <summary>Draws frame <paramref name="frame"/> into <paramref name="destination"/>, stamping its provenance.</summary>
    public void Render(long frame, VideoFrame destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentOutOfRangeException.ThrowIfNegative(frame);
        if (destination.Format != Output.Format || destination.Width != Output.Width || destination.Height != Output.Height)
        {
            throw new ArgumentException($"Frame is {destination.Format} {destination.Width}×{destination.Height} but this pattern renders {Output}.", nameof(destination));
        }

        var canvas = _strip.Canvas;
        var width = Output.Width;
        var stripHeight = Output.Height - StripTop;
        _paint.Color = new SKColor(16, 16, 16);
        canvas.DrawRect(SKRect.Create(0, 0, width, stripHeight), _paint);
        _paint.Color = SKColors.White;
        canvas.DrawRect(SKRect.Create(SweepX(frame), 0, SweepWidth, stripHeight), _paint);

        var timecode = SmpteTimecode.FromFrame(frame, RateNumerator, RateDenominator);
        var text = $"frame {frame:D7}  {timecode}";
        var baseline = (stripHeight / 2f) + (_font.Size / 3f);
        canvas.DrawText(text, width / 2f, baseline, SKTextAlign.Center, _font, _textPaint);

        var timecodeTicks = SmpteTimecode.ToNdiTimecode(frame, RateNumerator, RateDenominator);
        var provenance = new FrameProvenance(frame, System.Diagnostics.Stopwatch.GetTimestamp(), timecodeTicks, Output.FieldFormat);
        _strip.CopyTo(_stripFrame, provenance);
        for (var y = 0; y < StripTop; y++)
        {
            _background.Row(y).CopyTo(destination.Row(y));
        }

        for (var y = 0; y < stripHeight; y++)
        {
            _stripFrame.Row(y).CopyTo(destination.Row(StripTop + y));
        }

        destination.Provenance = provenance;
    }

    // Bars, castellations and the empty strip: everything that does not move.
    private void DrawStatic(SKCanvas canvas)
    {
        var width = Output.Width;
        var height = Output.Height;
        canvas.Clear(SKColors.Black);
        for (var i = 0; i < Bars.Count; i++)
        {
            _paint.Color = Bars[i];
            canvas.DrawRect(SKRect.Create(BarX(i), 0, BarX(i + 1) - BarX(i), BarsBottom), _paint);
            _paint.Color = s_castellations[i];
            canvas.DrawRect(SKRect.Create(BarX(i), BarsBottom, BarX(i + 1) - BarX(i), StripTop - BarsBottom), _paint);
        }

        _paint.Color = new SKColor(16, 16, 16);
        canvas.DrawRect(SKRect.Create(0, StripTop, width, height - StripTop), _paint);
    }

    public void Dispose()
    {
        _strip.Dispose();
        _background.Dispose();
        _stripFrame.Dispose();
        _font.Dispose();
        _typeface.Dispose();
        _paint.Dispose();
        _textPaint.Dispose();
    }
}
