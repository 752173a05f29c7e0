using StreamDiffusion.Video.Frames;
using StreamDiffusion.Video.Geometry;

namespace StreamDiffusion.Video.Conversion;

/// <summary>Where one colour channel's samples sit in a packed row: element <c>Offset + i·Stride</c>, on the given grid.</summary>
internal readonly record struct PackedChannel(int Offset, int Stride, bool Chroma)
{
    public SampleGrid Grid(int width) => Chroma ? SampleGrid.CositedChroma(width) : SampleGrid.Pixels(width);

    /// <summary>The three colour channels in the order the colour transform takes them: Y, Cb, Cr or R, G, B.</summary>
    public static PackedChannel[] Of(PixelFormat format) => format switch
    {
        PixelFormat.Uyvy or PixelFormat.Uyva => [new(1, 2, false), new(0, 4, true), new(2, 4, true)],
        PixelFormat.Bgra or PixelFormat.Bgrx => [new(2, 4, false), new(1, 4, false), new(0, 4, false)],
        PixelFormat.Rgba or PixelFormat.Rgbx => [new(0, 4, false), new(1, 4, false), new(2, 4, false)],
        _ => throw new NotSupportedException($"Pixel format {format} has no packed channel layout."),
    };
}
