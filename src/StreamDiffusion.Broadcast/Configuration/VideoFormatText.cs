using System.Globalization;

namespace StreamDiffusion.Broadcast.Configuration;

/// <summary>An output video format: frame size and exact frame rate.</summary>
/// <param name="Width">Pixels per line (even).</param>
/// <param name="Height">Lines per frame.</param>
/// <param name="RateN">Frame rate numerator.</param>
/// <param name="RateD">Frame rate denominator.</param>
public readonly record struct VideoFormat(int Width, int Height, int RateN, int RateD)
{
    /// <inheritdoc />
    public override string ToString() => $"{Width}x{Height}@{RateN}/{RateD}";
}

/// <summary>
/// The text forms of frame sizes, rates and formats shared by the command line and the settings file:
/// <c>WIDTHxHEIGHT</c>, <c>N/D</c> (or a whole number) and <c>WIDTHxHEIGHT@N/D</c>.
/// </summary>
public static class VideoFormatText
{
    /// <summary>How a size is written, for messages.</summary>
    public const string SizeHelp = "WIDTHxHEIGHT with an even width from 2 to 16384 and a height from 1 to 16384, e.g. 1280x720";

    /// <summary>How a rate is written, for messages.</summary>
    public const string RateHelp = "N/D with positive integers giving 1 to 240 frames per second, e.g. 30000/1001, 25/1 or 50";

    /// <summary>How a format is written, for messages.</summary>
    public const string FormatHelp = "WIDTHxHEIGHT@N/D, e.g. 1920x1080@30000/1001 or 1280x720@50";

    /// <summary>Parses <c>WxH</c>.</summary>
    public static bool TryParseSize(string text, out int width, out int height)
    {
        var parts = (text ?? "").Split('x', 'X');
        width = height = 0;
        return parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out width)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out height)
            && width is >= 2 and <= 16384 && width % 2 == 0 && height is >= 1 and <= 16384;
    }

    /// <summary>Parses an exact rate <c>N/D</c> or a whole number (25 means 25/1).</summary>
    public static bool TryParseRate(string text, out int n, out int d)
    {
        var parts = (text ?? "").Split('/');
        d = 1;
        n = 0;
        return parts.Length is 1 or 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out n)
            && (parts.Length == 1 || int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out d))
            && n > 0 && d > 0 && (double)n / d is >= 1 and <= 240;
    }

    /// <summary>Parses <c>WxH@N/D</c>.</summary>
    public static bool TryParseFormat(string text, out VideoFormat format)
    {
        format = default;
        var at = (text ?? "").Split('@');
        if (at.Length != 2 || !TryParseSize(at[0], out var width, out var height) || !TryParseRate(at[1], out var n, out var d))
        {
            return false;
        }

        format = new VideoFormat(width, height, n, d);
        return true;
    }
}
