using StreamDiffusion.Video.Colour;
using StreamDiffusion.Video.Geometry;

namespace StreamDiffusion.Video.Conversion;

/// <summary>A channel's video policies: fit, colour, interlace and alpha (docs/video.md explains each default).</summary>
public sealed record VideoPathSettings(
    FitMode Fit = FitMode.Crop,
    ColourSettings? Colour = null,
    InterlacePolicy Interlace = InterlacePolicy.Deinterlace,
    AlphaPolicy Alpha = AlphaPolicy.Carry)
{
    /// <summary>Colour settings with the automatic default filled in.</summary>
    public ColourSettings ColourOrDefault => Colour ?? ColourSettings.Automatic;
}
