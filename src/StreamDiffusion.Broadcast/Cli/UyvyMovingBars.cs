namespace StreamDiffusion.Broadcast.Cli;

/// <summary>
/// Eight vertical colour bars (75 % white, yellow, cyan, green, magenta, red, blue, black) in UYVY that move two
/// pixels to the left per frame, so a receiver sees at a glance that frames keep coming. Drawing a frame copies one
/// prepared line per row and allocates nothing.
/// </summary>
internal sealed class UyvyMovingBars
{
    // 75 % bars as full-range RGB; converted once with BT.709 (HD) or BT.601 (SD) video-range coefficients.
    private static readonly (int R, int G, int B)[] s_bars =
    [
        (191, 191, 191), (191, 191, 0), (0, 191, 191), (0, 191, 0), (191, 0, 191), (191, 0, 0), (0, 0, 191), (0, 0, 0),
    ];

    private readonly int _width;
    private readonly byte[] _line;

    /// <summary>Prepares bars for frames <paramref name="width"/> pixels wide (even).</summary>
    public UyvyMovingBars(int width, int height)
    {
        _width = width;

        // Two widths of one line, so any shift is one contiguous copy.
        _line = new byte[width * 2 * 2];
        var hd = width > 720 || height > 576;
        for (var x = 0; x < width * 2; x += 2)
        {
            var bar = s_bars[x % width * s_bars.Length / width];
            var (y, u, v) = ToVideoRangeYuv(bar.R, bar.G, bar.B, hd);
            var at = x * 2;
            _line[at] = u;
            _line[at + 1] = y;
            _line[at + 2] = v;
            _line[at + 3] = y;
        }
    }

    /// <summary>Draws frame <paramref name="frameNumber"/> into <paramref name="frame"/> (UYVY, <paramref name="stride"/> bytes per line).</summary>
    public void Draw(Span<byte> frame, int stride, long frameNumber)
    {
        var lineBytes = _width * 2;
        var shift = (int)(frameNumber * 2 % _width) * 2;
        var source = _line.AsSpan(shift, lineBytes);
        for (var row = 0; row + lineBytes <= frame.Length; row += stride)
        {
            source.CopyTo(frame.Slice(row, lineBytes));
        }
    }

    private static (byte Y, byte U, byte V) ToVideoRangeYuv(int r, int g, int b, bool hd)
    {
        // Y' = Kr R' + Kg G' + Kb B'; Cb = (B' - Y') / (2 (1 - Kb)); Cr = (R' - Y') / (2 (1 - Kr)); scaled to 16–235 / 16–240.
        var (kr, kb) = hd ? (0.2126, 0.0722) : (0.299, 0.114);
        var kg = 1 - kr - kb;
        double rf = r / 255.0, gf = g / 255.0, bf = b / 255.0;
        var luma = (kr * rf) + (kg * gf) + (kb * bf);
        var cb = (bf - luma) / (2 * (1 - kb));
        var cr = (rf - luma) / (2 * (1 - kr));
        return ((byte)Math.Round(16 + (219 * luma)), (byte)Math.Round(128 + (224 * cb)), (byte)Math.Round(128 + (224 * cr)));
    }
}
