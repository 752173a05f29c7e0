namespace StreamDiffusion.Video.Frames;

/// <summary>The shape of a stream of frames: format, size in lines as delivered, and field format.</summary>
public readonly record struct FrameSpec(PixelFormat Format, int Width, int Height, FieldFormat FieldFormat = FieldFormat.Progressive)
{
    /// <summary>True when each frame holds a single field (half the picture's lines).</summary>
    public bool IsSingleField => FieldFormat is FieldFormat.Field0 or FieldFormat.Field1;

    /// <summary>Lines of the picture the frames show: twice <see cref="Height"/> for single-field frames.</summary>
    public int PictureHeight => IsSingleField ? 2 * Height : Height;

    /// <inheritdoc/>
    public override string ToString() => $"{Format} {Width}×{Height} {FieldFormat}";
}
