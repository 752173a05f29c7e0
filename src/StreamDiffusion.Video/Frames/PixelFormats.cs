namespace StreamDiffusion.Video.Frames;

/// <summary>Facts about each <see cref="PixelFormat"/>: which we read or write, row sizes and where alpha lives.</summary>
public static class PixelFormats
{
    /// <summary>True for the packed 4:2:2 Y'CbCr formats (UYVY, UYVA).</summary>
    public static bool IsYuv422(PixelFormat format) => format is PixelFormat.Uyvy or PixelFormat.Uyva;

    /// <summary>True when the format carries meaningful alpha.</summary>
    public static bool HasAlpha(PixelFormat format) =>
        format is PixelFormat.Uyva or PixelFormat.Bgra or PixelFormat.Rgba or PixelFormat.Pa16;

    /// <summary>Bytes one row of the first plane needs (odd UYVY widths round up to a whole U Y V Y group).</summary>
    public static int RowBytes(PixelFormat format, int width) => IsYuv422(format) ? 4 * ((width + 1) / 2) : 4 * width;

    /// <summary>Bytes a frame needs with the given line stride, including UYVA's trailing alpha plane.</summary>
    public static long FrameBytes(PixelFormat format, int width, int height, int strideBytes) =>
        ((long)strideBytes * height) + (format == PixelFormat.Uyva ? (long)width * height : 0);

    /// <summary>Throws unless the converters can read <paramref name="format"/>.</summary>
    /// <exception cref="NotSupportedException">P216/PA16 or an unknown FourCC.</exception>
    public static void EnsureReadable(PixelFormat format)
    {
        switch (format)
        {
            case PixelFormat.Uyvy or PixelFormat.Uyva or PixelFormat.Bgra or PixelFormat.Bgrx or PixelFormat.Rgba or PixelFormat.Rgbx:
                return;
            case PixelFormat.P216 or PixelFormat.Pa16:
                throw new NotSupportedException(
                    $"Pixel format {format} (16-bit, from the NDI receiver colour format 'best') is not supported: the model works " +
                    "on 8-bit pictures. Create the receiver with colour format 'fastest' (UYVY/UYVA) or 'UYVY_BGRA' (see docs/video.md).");
            default:
                throw new NotSupportedException(
                    $"Pixel format FourCC 0x{(uint)format:X8} is not one the video path reads; supported: UYVY, UYVA, BGRA, BGRX, RGBA, RGBX.");
        }
    }

    /// <summary>Throws unless the converters can write <paramref name="format"/>.</summary>
    /// <exception cref="NotSupportedException">Any format other than UYVY, UYVA, BGRA, BGRX.</exception>
    public static void EnsureWritable(PixelFormat format)
    {
        if (format is not (PixelFormat.Uyvy or PixelFormat.Uyva or PixelFormat.Bgra or PixelFormat.Bgrx))
        {
            throw new NotSupportedException(
                $"Output pixel format {format} is not supported; choose UYVY or UYVA (cheapest for NDI senders) or BGRA/BGRX.");
        }
    }

    /// <summary>Throws a message naming the value, the limit and the fix when a frame's shape is unusable.</summary>
    /// <exception cref="ArgumentException">Width or height not positive, or stride shorter than a row.</exception>
    public static void EnsureShape(PixelFormat format, int width, int height, int strideBytes, string what)
    {
        if (width <= 0 || height <= 0)
        {
            throw new ArgumentException($"{what}: size {width}×{height} is not a picture; width and height must be at least 1.", what);
        }

        var row = RowBytes(format, width);
        if (strideBytes < row)
        {
            throw new ArgumentException(
                $"{what}: line stride {strideBytes} bytes is shorter than one {format} row of {width} pixels ({row} bytes); pass a stride of at least {row}.",
                what);
        }
    }
}
