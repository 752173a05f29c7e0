namespace StreamDiffusion.Video.Geometry;

/// <summary>What the video path does with interlaced input (docs/video.md).</summary>
public enum InterlacePolicy
{
    /// <summary>Default: take one field (field 0 of a woven frame), scale it to the full picture before the model, output progressive.</summary>
    Deinterlace,

    /// <summary>Treat each frame's lines as one picture and tag the output with the input's field format.</summary>
    PassThrough,
}
