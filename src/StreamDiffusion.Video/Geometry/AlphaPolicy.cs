namespace StreamDiffusion.Video.Geometry;

/// <summary>What the video path does with the input's alpha channel.</summary>
public enum AlphaPolicy
{
    /// <summary>Carry the input's straight alpha beside the model tensor and re-attach it to UYVA/BGRA output.</summary>
    Carry,

    /// <summary>Drop alpha; outputs are opaque (UYVY/BGRX preferred, UYVA/BGRA get 255).</summary>
    Drop,
}
