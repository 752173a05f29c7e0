using SkiaSharp;

namespace StreamDiffusion.Video.Signals;

/// <summary>Finds the typeface test signals draw with (DejaVu, installed by Debian's fonts-dejavu-core), once.</summary>
internal static class SignalFonts
{
    private static readonly string[] s_candidateFiles =
    [
        "/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        @"C:\Windows\Fonts\consola.ttf",
        "/System/Library/Fonts/Menlo.ttc",
    ];

    /// <summary>A monospaced typeface, or a clear error saying which package provides one.</summary>
    /// <exception cref="InvalidOperationException">No usable font exists on this machine.</exception>
    public static SKTypeface Monospace()
    {
        foreach (var file in s_candidateFiles)
        {
            if (File.Exists(file))
            {
                var typeface = SKTypeface.FromFile(file);
                if (typeface is not null)
                {
                    return typeface;
                }
            }
        }

        var byName = SKTypeface.FromFamilyName("monospace", SKFontStyle.Bold);
        if (byName is not null && byName.GlyphCount > 0)
        {
            return byName;
        }

        throw new InvalidOperationException(
            "No font for test patterns and slates was found (looked for DejaVu Sans Mono in /usr/share/fonts/truetype/dejavu and a " +
            "fontconfig 'monospace'); install Debian's fonts-dejavu-core (scripts/test.sh does) or any monospace TrueType font.");
    }
}
