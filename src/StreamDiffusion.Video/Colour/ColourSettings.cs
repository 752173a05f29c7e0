namespace StreamDiffusion.Video.Colour;

/// <summary>
/// A channel's colour choice: null members follow NDI's convention (matrix by picture size, limited range for YUV);
/// set them when a source is known to break it.
/// </summary>
public sealed record ColourSettings(ColourMatrix? Matrix = null, ColourRange? Range = null)
{
    /// <summary>Follow NDI's convention for everything.</summary>
    public static ColourSettings Automatic { get; } = new();

    /// <summary>The matrix NDI implies for a picture of this size (research/ndi.md §1.5).</summary>
    public static ColourMatrix ConventionFor(int width, int height) =>
        width > 1920 || height > 1080 ? ColourMatrix.Bt2020
        : width > 720 || height > 576 ? ColourMatrix.Bt709
        : ColourMatrix.Bt601;

    /// <summary>The matrix to use for a picture of this size.</summary>
    public ColourMatrix MatrixFor(int width, int height) => Matrix ?? ConventionFor(width, height);

    /// <summary>The range to use for YUV samples.</summary>
    public ColourRange YuvRange => Range ?? ColourRange.Limited;
}
