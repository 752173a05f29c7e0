namespace StreamDiffusion.Video.Colour;

/// <summary>The code-value range of Y'CbCr samples.</summary>
public enum ColourRange
{
    /// <summary>Video (studio) range: Y' 16–235, Cb/Cr 16–240 at 8 bits; NDI's convention for YUV.</summary>
    Limited,

    /// <summary>Y' 0–255, Cb/Cr 128 ± 127.5 (ITU-T H.273 full range).</summary>
    Full,
}
