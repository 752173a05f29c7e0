using System.Globalization;

namespace StreamDiffusion.Video.Signals;

/// <summary>Non-drop-frame HH:MM:SS:FF text from a frame count or an NDI® timecode, at a rational frame rate.</summary>
public static class SmpteTimecode
{
    /// <summary>NDI timecodes count 100 ns units.</summary>
    public const long TicksPerSecond = 10_000_000;

    /// <summary>Formats frame <paramref name="frame"/> at <paramref name="rateNumerator"/>/<paramref name="rateDenominator"/> fps (nominal rate rounded, as non-drop timecode does).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The rate is not positive or the frame is negative.</exception>
    public static string FromFrame(long frame, int rateNumerator, int rateDenominator)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(frame);
        var fps = NominalRate(rateNumerator, rateDenominator);
        var ff = frame % fps;
        var totalSeconds = frame / fps;
        return string.Create(CultureInfo.InvariantCulture, $"{totalSeconds / 3600 % 24:00}:{totalSeconds / 60 % 60:00}:{totalSeconds % 60:00}:{ff:00}");
    }

    /// <summary>Formats an NDI timecode (100 ns units since midnight or since the source started).</summary>
    public static string FromNdiTimecode(long timecode, int rateNumerator, int rateDenominator)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(timecode);
        _ = NominalRate(rateNumerator, rateDenominator);
        var frame = (long)((decimal)timecode * rateNumerator / rateDenominator / TicksPerSecond);
        return FromFrame(frame, rateNumerator, rateDenominator);
    }

    /// <summary>The NDI timecode of frame <paramref name="frame"/> at the given rate.</summary>
    public static long ToNdiTimecode(long frame, int rateNumerator, int rateDenominator)
    {
        _ = NominalRate(rateNumerator, rateDenominator);
        return (long)((decimal)frame * rateDenominator * TicksPerSecond / rateNumerator);
    }

    private static int NominalRate(int numerator, int denominator)
    {
        if (numerator <= 0 || denominator <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(numerator), $"Frame rate {numerator}/{denominator} is not a rate; both parts must be positive (e.g. 30000/1001).");
        }

        return Math.Max(1, (int)Math.Round((double)numerator / denominator));
    }
}
