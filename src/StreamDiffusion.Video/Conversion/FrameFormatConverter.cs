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
    private readonly FrameToTensorConverter _in;
    private readonly TensorToFrameConverter _out;
    private readonly ModelTensor _tensor;

    /// <summary>Converts frames of <paramref name="input"/> to <paramref name="outputFormat"/> at the same size.</summary>
    public FrameFormatConverter(FrameSpec input, PixelFormat outputFormat, ColourSettings? colour = null, KernelWidth? width = null)
    {
        var settings = new VideoPathSettings(FitMode.Stretch, colour, InterlacePolicy.PassThrough, AlphaPolicy.Carry);
        var size = ModelResolution.Unchecked(input.Width, input.Height);
        var picture = input with { FieldFormat = FieldFormat.Progressive };
        _in = new FrameToTensorConverter(picture, size, settings, width);
        _out = new TensorToFrameConverter(picture, size, picture with { Format = outputFormat }, settings, width);
        _tensor = new ModelTensor(size, input.Width * input.Height);
        Input = input;
    }

    /// <summary>The input shape.</summary>
    public FrameSpec Input { get; }

    /// <summary>Converts <paramref name="source"/> into <paramref name="destination"/> (same size), keeping provenance and alpha.</summary>
    public void Convert(VideoFrame source, VideoFrame destination)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        _in.Convert(source, _tensor);
        _out.Convert(_tensor, destination);
        destination.Provenance = source.Provenance;
    }

    /// <summary>Releases the tensor.</summary>
    public void Dispose() => _tensor.Dispose();
}
