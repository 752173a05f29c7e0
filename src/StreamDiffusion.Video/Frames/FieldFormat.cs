namespace StreamDiffusion.Video.Frames;

/// <summary>How a frame's lines relate to time, valued as NDI's <c>NDIlib_frame_format_type_e</c>.</summary>
public enum FieldFormat
{
    /// <summary>Two fields woven into one frame (even lines field 0, odd lines field 1).</summary>
    Interleaved = 0,

    /// <summary>One picture, all lines from one instant.</summary>
    Progressive = 1,

    /// <summary>A single field of even picture lines; the frame is half the picture's height.</summary>
    Field0 = 2,

    /// <summary>A single field of odd picture lines; the frame is half the picture's height.</summary>
    Field1 = 3,
}
