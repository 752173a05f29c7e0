namespace StreamDiffusion.Ndi.Tests.Loopback;

/// <summary>
/// Marks frame n with a flat grey level that survives NDI's compression and colour conversion, so a receiver can check
/// that the pixels it got belong to the frame its metadata and timecode name.
/// </summary>
internal static class GreyCode
{
    /// <summary>How far a decoded level may be from the sent one after compression and conversion.</summary>
    public const int Tolerance = 10;

    /// <summary>The grey (0–255, full range) frame <paramref name="frameNumber"/> carries.</summary>
    public static int Level(long frameNumber) => 24 + (int)(frameNumber % 8 * 28);

    /// <summary>Fills a UYVY frame with the grey of <paramref name="frameNumber"/> (video-range Y, neutral chroma).</summary>
    public static void FillUyvy(Span<byte> frame, long frameNumber)
    {
        var y = (byte)(16 + (Level(frameNumber) * 219 / 255));
        for (var i = 0; i + 3 < frame.Length; i += 4)
        {
            frame[i] = 128;
            frame[i + 1] = y;
            frame[i + 2] = 128;
            frame[i + 3] = y;
        }
    }

    /// <summary>
    /// Fills a BGRA frame with the grey of <paramref name="frameNumber"/> at alpha 200: the runtime treats an all-opaque
    /// BGRA frame as having no alpha, so a real alpha value is what makes it an alpha source.
    /// </summary>
    public static void FillBgra(Span<byte> frame, long frameNumber)
    {
        var g = (byte)Level(frameNumber);
        for (var i = 0; i + 3 < frame.Length; i += 4)
        {
            frame[i] = g;
            frame[i + 1] = g;
            frame[i + 2] = g;
            frame[i + 3] = 200;
        }
    }

    /// <summary>The grey level at the centre of a received frame, whatever its format; -1 for a format not handled.</summary>
    public static int Decode(in NdiVideoFrame frame)
    {
        var centre = (frame.Height / 2 * frame.Stride) + (frame.Width / 2 / 2 * 4);
        switch (frame.FourCC)
        {
            case NdiFourCC.UYVY or NdiFourCC.UYVA:
                return (frame.Data[centre + 1] - 16) * 255 / 219;
            case NdiFourCC.BGRA or NdiFourCC.BGRX or NdiFourCC.RGBA or NdiFourCC.RGBX:
                return frame.Data[(frame.Height / 2 * frame.Stride) + (frame.Width / 2 * 4) + 1];
            case NdiFourCC.P216 or NdiFourCC.PA16:
                var y16 = frame.Data[(frame.Height / 2 * frame.Stride) + (frame.Width / 2 * 2) + 1];
                return (y16 - 16) * 255 / 219;
            default:
                return -1;
        }
    }
}
