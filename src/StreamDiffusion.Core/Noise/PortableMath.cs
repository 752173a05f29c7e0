namespace StreamDiffusion.Core.Noise;

/// <summary>
/// The natural logarithm and sin/cos of 2πu from IEEE-754 double additions, multiplications and divisions only, so
/// the results are bit-identical on every machine (the C runtime's <c>log</c>/<c>sin</c> may differ by an ulp between
/// platforms, which would break "a seed gives the same noise everywhere"). Accurate to about 1e-15 relative.
/// </summary>
internal static class PortableMath
{
    private const double Ln2 = 0.6931471805599453;
    private const double Sqrt2 = 1.4142135623730951;
    private const double QuarterPi = 0.7853981633974483;

    /// <summary>ln(<paramref name="x"/>) for a positive, finite, normal <paramref name="x"/>.</summary>
    public static double Log(double x)
    {
        // x = m·2^e with m in [√½, √2); ln m = 2·atanh(s) = 2(s + s³/3 + s⁵/5 + …) with s = (m − 1)/(m + 1), |s| ≤ 0.172.
        long bits = BitConverter.DoubleToInt64Bits(x);
        int exponent = (int)((bits >> 52) & 0x7FF) - 1023;
        double mantissa = BitConverter.Int64BitsToDouble((bits & 0x000F_FFFF_FFFF_FFFFL) | 0x3FF0_0000_0000_0000L);
        if (mantissa > Sqrt2)
        {
            mantissa *= 0.5;
            exponent++;
        }

        double s = (mantissa - 1.0) / (mantissa + 1.0);
        double s2 = s * s;
        double series = 1.0 / 23;
        series = (series * s2) + (1.0 / 21);
        series = (series * s2) + (1.0 / 19);
        series = (series * s2) + (1.0 / 17);
        series = (series * s2) + (1.0 / 15);
        series = (series * s2) + (1.0 / 13);
        series = (series * s2) + (1.0 / 11);
        series = (series * s2) + (1.0 / 9);
        series = (series * s2) + (1.0 / 7);
        series = (series * s2) + (1.0 / 5);
        series = (series * s2) + (1.0 / 3);
        series = (series * s2) + 1.0;
        return (exponent * Ln2) + (2.0 * s * series);
    }

    /// <summary>sin(2π<paramref name="u"/>) and cos(2π<paramref name="u"/>) for <paramref name="u"/> in [0, 1).</summary>
    public static (double Sin, double Cos) SinCosTurns(double u)
    {
        // Reduce by octant exactly (u·8 is exact for our dyadic u), then Taylor series on |φ| ≤ π/4.
        double scaled = u * 8.0;
        int octant = (int)scaled;
        double fraction = scaled - octant;
        bool odd = (octant & 1) != 0;
        double phi = (odd ? 1.0 - fraction : fraction) * QuarterPi;
        double sin = Sin(phi);
        double cos = Cos(phi);
        return octant switch
        {
            0 => (sin, cos),
            1 => (cos, sin),
            2 => (cos, -sin),
            3 => (sin, -cos),
            4 => (-sin, -cos),
            5 => (-cos, -sin),
            6 => (-cos, sin),
            _ => (-sin, cos),
        };
    }

    private static double Sin(double phi)
    {
        double p2 = phi * phi;
        double series = -1.0 / 1307674368000; // −1/15!
        series = (series * p2) + (1.0 / 6227020800);
        series = (series * p2) - (1.0 / 39916800);
        series = (series * p2) + (1.0 / 362880);
        series = (series * p2) - (1.0 / 5040);
        series = (series * p2) + (1.0 / 120);
        series = (series * p2) - (1.0 / 6);
        series = (series * p2) + 1.0;
        return phi * series;
    }

    private static double Cos(double phi)
    {
        double p2 = phi * phi;
        double series = 1.0 / 20922789888000; // 1/16!
        series = (series * p2) - (1.0 / 87178291200);
        series = (series * p2) + (1.0 / 479001600);
        series = (series * p2) - (1.0 / 3628800);
        series = (series * p2) + (1.0 / 40320);
        series = (series * p2) - (1.0 / 720);
        series = (series * p2) + (1.0 / 24);
        series = (series * p2) - 0.5;
        series = (series * p2) + 1.0;
        return series;
    }
}
