using StreamDiffusion.Video.Colour;

namespace StreamDiffusion.Video.Tests.Conversion;

/// <summary>
/// Known 8-bit limited-range code values of 75% colour bars (white, yellow, cyan, green, magenta, red, blue).
/// BT.709: SMPTE RP 219's 10-bit values (Y 721/674/581/534/251/204/111, Cb/Cr 512/176/589/253/771/435/848 and
/// 512/543/176/207/817/848/481) brought to 8 bits. BT.601: the long-published EBU/SMPTE 75% bars (Y 180/162/131/112/84/65/35).
/// BT.2020: the same construction with Kr 0.2627, Kb 0.0593.
/// </summary>
internal static class ColourBars
{
    /// <summary>R', G', B' of each bar as fractions (0 or 0.75).</summary>
    public static readonly (double R, double G, double B)[] Rgb =
    [
        (0.75, 0.75, 0.75), (0.75, 0.75, 0), (0, 0.75, 0.75), (0, 0.75, 0), (0.75, 0, 0.75), (0.75, 0, 0), (0, 0, 0.75),
    ];

    public static (byte Y, byte Cb, byte Cr)[] Codes(ColourMatrix matrix) => matrix switch
    {
        ColourMatrix.Bt709 => [(180, 128, 128), (168, 44, 136), (145, 147, 44), (133, 63, 52), (63, 193, 204), (51, 109, 212), (28, 212, 120)],
        ColourMatrix.Bt601 => [(180, 128, 128), (162, 44, 142), (131, 156, 44), (112, 72, 58), (84, 184, 198), (65, 100, 212), (35, 212, 114)],
        ColourMatrix.Bt2020 => [(180, 128, 128), (171, 44, 135), (137, 151, 44), (127, 67, 51), (69, 189, 205), (59, 105, 212), (26, 212, 121)],
        _ => throw new ArgumentOutOfRangeException(nameof(matrix)),
    };
}
