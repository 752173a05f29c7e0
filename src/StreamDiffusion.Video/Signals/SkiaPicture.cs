using SkiaSharp;
using StreamDiffusion.Video.Conversion;
using StreamDiffusion.Video.Frames;

namespace StreamDiffusion.Video.Signals;

/// <summary>
/// A BGRA canvas of a fixed size and the route from it to a frame of any writable format: a row copy for BGRA/BGRX,
/// our converters (BT.601/709/2020 by size, limited range) for UYVY/UYVA. Owns its bitmap and staging frame.
/// </summary>
internal sealed class SkiaPicture : IDisposable
{
    private readonly SKBitmap _bitmap;
    private readonly VideoFrame _staging;
    private readonly FrameFormatConverter? _converter;

    public SkiaPicture(FrameSpec output, Colour.ColourSettings? colour = null)
    {
        PixelFormats.EnsureWritable(output.Format);
        PixelFormats.EnsureShape(output.Format, output.Width, output.Height, PixelFormats.RowBytes(output.Format, output.Width), "Signal frame");
        Output = output;
        _bitmap = new SKBitmap(new SKImageInfo(output.Width, output.Height, SKColorType.Bgra8888, SKAlphaType.Unpremul));
        Canvas = new SKCanvas(_bitmap);
        _staging = new VideoFramePool().Rent(PixelFormat.Bgra, output.Width, output.Height);
        if (PixelFormats.IsYuv422(output.Format))
        {
            _converter = new FrameFormatConverter(new FrameSpec(PixelFormat.Bgra, output.Width, output.Height), output.Format, colour);
        }
    }

    public FrameSpec Output { get; }

    public SKCanvas Canvas { get; }

    /// <summary>Copies (or converts) what was drawn into <paramref name="destination"/>.</summary>
    public void CopyTo(VideoFrame destination, FrameProvenance provenance)
    {
        if (destination.Format != Output.Format || destination.Width != Output.Width || destination.Height != Output.Height)
        {
            throw new ArgumentException($"Frame is {destination.Format} {destination.Width}×{destination.Height} but this signal renders {Output}.", nameof(destination));
        }

        Canvas.Flush();
        var pixels = _bitmap.GetPixelSpan();
        var rowBytes = 4 * Output.Width;
        var target = _converter is null ? destination : _staging;
        for (var y = 0; y < Output.Height; y++)
        {
            pixels.Slice(y * _bitmap.RowBytes, rowBytes).CopyTo(target.Row(y));
        }

        if (Output.Format == PixelFormat.Bgrx)
        {
            for (var y = 0; y < Output.Height; y++)
            {
                var row = destination.Row(y);
                for (var x = 3; x < row.Length; x += 4)
                {
                    row[x] = 255;
                }
            }
        }

        _staging.Provenance = provenance;
        _converter?.Convert(_staging, destination);
        destination.Provenance = provenance;
    }

    public void Dispose()
    {
        Canvas.Dispose();
        _bitmap.Dispose();
        _staging.Dispose();
        _converter?.Dispose();
    }
}
