namespace StreamDiffusion.Video.Colour;

/// <summary>The Y'CbCr matrix a YUV picture uses.</summary>
public enum ColourMatrix
{
    /// <summary>ITU-R BT.601 (Kr 0.299, Kb 0.114): NDI's rule for SD (width ≤ 720 and height ≤ 576).</summary>
    Bt601,

    /// <summary>ITU-R BT.709 (Kr 0.2126, Kb 0.0722): NDI's rule for HD up to 1920×1080.</summary>
    Bt709,

    /// <summary>ITU-R BT.2020 non-constant luminance (Kr 0.2627, Kb 0.0593): NDI's rule above 1920×1080.</summary>
    Bt2020,
}
