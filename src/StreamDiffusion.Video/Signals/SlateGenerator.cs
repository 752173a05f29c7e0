using SkiaSharp;
using StreamDiffusion.Video.Frames;

namespace StreamDiffusion.Video.Signals;

/// <summary>
/// A slate: centred lines of text on a solid background, for "no input", "warming up" and similar holding pictures.
/// Text is scaled down until the longest line fits 90% of the width. Not thread-safe.
/// </summary>
public sealed class SlateGenerator : IDisposable
{
    private readonly SkiaPicture _picture;
    private readonly SKTypeface _typeface;
    private readonly SKFont _font;
    private readonly SKPaint _paint = new() { IsAntialias = true };

    /// <summary>A slate generator for <paramref name="output"/> frames.</summary>
    /// <exception cref="ArgumentException">The size is unusable or smaller than 64×64.</exception>
    public SlateGenerator(FrameSpec output)
    {
        if (output.Width < 64 || output.Height < 64)
        {
            throw new ArgumentException($"Slate size {output.Width}×{output.Height} is too small; use at least 64×64.", nameof(output));
        }

        _picture = new SkiaPicture(output);
        _typeface = SignalFonts.Monospace();
        _font = new SKFont(_typeface, output.Height / 12f);
    }

    /// <summary>The frames this generator writes.</summary>
    public FrameSpec Output => _picture.Output;

    /// <summary>Draws <paramref name="text"/> (lines split on '\n') in <paramref name="foreground"/> on <paramref name="background"/>.</summary>
    public void Render(string text, SKColor background, SKColor foreground, VideoFrame destination, FrameProvenance provenance = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(destination);
        var canvas = _picture.Canvas;
        canvas.Clear(background);
        var lines = text.Split('\n');
        var size = Output.Height / 12f;
        _font.Size = size;
        var widest = 0f;
        foreach (var line in lines)
        {
            widest = Math.Max(widest, _font.MeasureText(line));
        }

        if (widest > Output.Width * 0.9f)
        {
            _font.Size = size * Output.Width * 0.9f / widest;
        }

        _paint.Color = foreground;
        var lineHeight = _font.Size * 1.3f;
        var top = (Output.Height / 2f) - (lineHeight * (lines.Length - 1) / 2f) + (_font.Size / 3f);
        for (var i = 0; i < lines.Length; i++)
        {
            canvas.DrawText(lines[i], Output.Width / 2f, top + (i * lineHeight), SKTextAlign.Center, _font, _paint);
        }

        _picture.CopyTo(destination, provenance with { FieldFormat = Output.FieldFormat });
    }

    /// <summary>Releases the canvas, font and staging buffers.</summary>
    public void Dispose()
    {
        _picture.Dispose();
        _font.Dispose();
        _typeface.Dispose();
        _paint.Dispose();
    }
}
