using StreamDiffusion.Video.Kernels;

namespace StreamDiffusion.Video.Colour;

/// <summary>
/// Builds the <see cref="ColourTransformCoefficients"/> between 8-bit code values and model R'G'B' in [-1, 1]
/// (<c>t = 2·E' − 1</c>). Formulas from ITU-R BT.601/709/2020: <c>Y' = Kr·R' + Kg·G' + Kb·B'</c>,
/// <c>Pb = (B' − Y') / (2(1 − Kb))</c>, <c>Pr = (R' − Y') / (2(1 − Kr))</c>; limited range
/// <c>Y = 16 + 219·Y'</c>, <c>C = 128 + 224·P</c>; full range <c>Y = 255·Y'</c>, <c>C = 128 + 255·P</c>.
/// </summary>
public static class ColourCoding
{
    /// <summary>Lowest Y'CbCr code we write: 0 and 255 are reserved for timing references on SDI links downstream.</summary>
    public const float YuvCodeMin = 1f;

    /// <summary>Highest Y'CbCr code we write.</summary>
    public const float YuvCodeMax = 254f;

    /// <summary>(Kr, Kb) of a matrix.</summary>
    public static (double Kr, double Kb) LumaWeights(ColourMatrix matrix) => matrix switch
    {
        ColourMatrix.Bt601 => (0.299, 0.114),
        ColourMatrix.Bt709 => (0.2126, 0.0722),
        ColourMatrix.Bt2020 => (0.2627, 0.0593),
        _ => throw new ArgumentOutOfRangeException(nameof(matrix), matrix, "Colour matrix must be Bt601, Bt709 or Bt2020."),
    };

    /// <summary>(Y scale, Y offset, C scale) of a range: <c>Y = offset + scale·Y'</c>, <c>C = 128 + cscale·P</c>.</summary>
    public static (double YScale, double YOffset, double CScale) Quantisation(ColourRange range) => range switch
    {
        ColourRange.Limited => (219.0, 16.0, 224.0),
        ColourRange.Full => (255.0, 0.0, 255.0),
        _ => throw new ArgumentOutOfRangeException(nameof(range), range, "Colour range must be Limited or Full."),
    };

    /// <summary>Y, Cb, Cr code values → R, G, B in [-1, 1] (clamped).</summary>
    public static ColourTransformCoefficients YuvToModel(ColourMatrix matrix, ColourRange range)
    {
        var (kr, kb) = LumaWeights(matrix);
        var kg = 1 - kr - kb;
        var (ys, yo, cs) = Quantisation(range);
        // E' rows over (Y', Pb, Pr): R' = Y' + 2(1-Kr)Pr; G' = Y' - 2Kb(1-Kb)/Kg Pb - 2Kr(1-Kr)/Kg Pr; B' = Y' + 2(1-Kb)Pb.
        double[,] e =
        {
            { 1, 0, 2 * (1 - kr) },
            { 1, -2 * kb * (1 - kb) / kg, -2 * kr * (1 - kr) / kg },
            { 1, 2 * (1 - kb), 0 },
        };
        // (Y', Pb, Pr) = ((Y - yo)/ys, (Cb - 128)/cs, (Cr - 128)/cs); t = 2E' - 1.
        var m = new double[3, 3];
        var o = new double[3];
        for (var r = 0; r < 3; r++)
        {
            m[r, 0] = 2 * e[r, 0] / ys;
            m[r, 1] = 2 * e[r, 1] / cs;
            m[r, 2] = 2 * e[r, 2] / cs;
            o[r] = (2 * ((-e[r, 0] * yo / ys) - (e[r, 1] * 128 / cs) - (e[r, 2] * 128 / cs))) - 1;
        }

        return Pack(m, o, -1f, 1f);
    }

    /// <summary>R, G, B in [-1, 1] → Y, Cb, Cr code values, clamped to [<see cref="YuvCodeMin"/>, <see cref="YuvCodeMax"/>].</summary>
    public static ColourTransformCoefficients ModelToYuv(ColourMatrix matrix, ColourRange range)
    {
        var (kr, kb) = LumaWeights(matrix);
        var kg = 1 - kr - kb;
        var (ys, yo, cs) = Quantisation(range);
        // Rows over E' = (t + 1)/2: Y' = (Kr, Kg, Kb); Pb = (B' - Y')/(2(1-Kb)); Pr = (R' - Y')/(2(1-Kr)).
        double[,] e =
        {
            { kr, kg, kb },
            { -kr / (2 * (1 - kb)), -kg / (2 * (1 - kb)), (1 - kb) / (2 * (1 - kb)) },
            { (1 - kr) / (2 * (1 - kr)), -kg / (2 * (1 - kr)), -kb / (2 * (1 - kr)) },
        };
        double[] scale = [ys, cs, cs];
        double[] offset = [yo, 128, 128];
        var m = new double[3, 3];
        var o = new double[3];
        for (var r = 0; r < 3; r++)
        {
            var rowSum = 0.0;
            for (var c = 0; c < 3; c++)
            {
                m[r, c] = scale[r] * e[r, c] / 2;
                rowSum += e[r, c];
            }

            o[r] = offset[r] + (scale[r] * rowSum / 2);
        }

        return Pack(m, o, YuvCodeMin, YuvCodeMax);
    }

    /// <summary>R, G, B code values (0–255) → [-1, 1].</summary>
    public static ColourTransformCoefficients RgbToModel()
    {
        const float s = 2f / 255f;
        return new ColourTransformCoefficients(s, 0, 0, -1, 0, s, 0, -1, 0, 0, s, -1, -1f, 1f);
    }

    /// <summary>[-1, 1] → R, G, B code values clamped to 0–255.</summary>
    public static ColourTransformCoefficients ModelToRgb()
    {
        const float s = 127.5f;
        return new ColourTransformCoefficients(s, 0, 0, s, 0, s, 0, s, 0, 0, s, s, 0f, 255f);
    }

    private static ColourTransformCoefficients Pack(double[,] m, double[] o, float min, float max) => new(
        (float)m[0, 0], (float)m[0, 1], (float)m[0, 2], (float)o[0],
        (float)m[1, 0], (float)m[1, 1], (float)m[1, 2], (float)o[1],
        (float)m[2, 0], (float)m[2, 1], (float)m[2, 2], (float)o[2],
        min, max);
}
