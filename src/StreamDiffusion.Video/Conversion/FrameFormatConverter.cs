using StreamDiffusion.Video.Colour;
using StreamDiffusion.Video.Frames;
using StreamDiffusion.Video.Geometry;
using StreamDiffusion.Video.Kernels;

namespace StreamDiffusion.Video.Conversion;

/// <summary>
/// Same-size pixel-format conversion (e.g. a rendered BGRA slate → UYVY for an NDI sender), through a float tensor
/// of the frame's own size with identity geometry. Owns its tensor; built once per shape; not thread-safe.
/// </summary>
public sealed class FrameFormatConverter : IDisposable
{
    private readonly FrameConformer _conformer;

    /// <summary>Converts frames of <paramref name="input"/> to <paramref name="outputFormat"/> at the same size.</summary>
    public FrameFormatConverter(FrameSpec input, PixelFormat outputFormat, ColourSettings? colour = null, KernelWidth? width = null)
    {
        // Same size and a progressive picture on both sides: the conformer's geometry is the identity here.
        var picture = input with { FieldFormat = FieldFormat.Progressive };
        _conformer = new FrameConformer(picture, picture with { Format = outputFormat }, new VideoPathSettings(FitMode.Stretch, colour, InterlacePolicy.PassThrough, AlphaPolicy.Carry), width);
        Input = input;
    }

    /// <summary>The input shape.</summary>
    public FrameSpec Input { get; }

    /// <summary>Converts <paramref name="source"/> into <paramref name="destination"/> (same size), keeping provenance and alpha.</summary>
    public void Convert(VideoFrame source, VideoFrame destination)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        _conformer.Convert(source, destination);
        destination.Provenance = source.Provenance;
    }

    /// <summary>Releases the float picture.</summary>
    public void Dispose() => _conformer.Dispose();
}
