using StreamDiffusion.Video.Frames;
using StreamDiffusion.Video.Geometry;
using StreamDiffusion.Video.Kernels;

namespace StreamDiffusion.Video.Conversion;

/// <summary>
/// Converts frames of one shape to a fixed output shape: pixel format, size and field format (interlaced input is
/// deinterlaced per <see cref="VideoPathSettings.Interlace"/> when the output is progressive). A different aspect is
/// letterboxed or pillarboxed, so nothing of the picture is lost, and each side uses the colour matrix its own size
/// calls for. Used when a live input changes format under an output whose format is fixed. Owns its float picture;
/// built once per shape pair; not thread-safe.
/// </summary>
public sealed class FrameConformer : IDisposable
{
    private readonly FrameToTensorConverter _in;
    private readonly TensorToFrameConverter _out;
    private readonly ModelTensor _tensor;

    /// <summary>Converts frames of <paramref name="input"/> to <paramref name="output"/> under <paramref name="settings"/> (its fit is not used).</summary>
    /// <exception cref="NotSupportedException">A pixel format cannot be read or written (docs/video.md).</exception>
    public FrameConformer(FrameSpec input, FrameSpec output, VideoPathSettings settings, KernelWidth? width = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var picture = ModelResolution.Unchecked(output.Width, output.PictureHeight);
        var progressiveOutput = new FrameSpec(output.Format, output.Width, output.PictureHeight);
        _in = new FrameToTensorConverter(input, picture, settings with { Fit = FitMode.Letterbox }, width);
        _out = new TensorToFrameConverter(progressiveOutput, picture, output, settings with { Fit = FitMode.Stretch }, width);
        _tensor = new ModelTensor(picture, output.Width * output.PictureHeight);
        Input = input;
        Output = output;
    }

    /// <summary>The input shape.</summary>
    public FrameSpec Input { get; }

    /// <summary>The output shape.</summary>
    public FrameSpec Output { get; }

    /// <summary>Converts <paramref name="source"/> into <paramref name="destination"/>, keeping provenance.</summary>
    public void Convert(VideoFrame source, VideoFrame destination)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        _in.Convert(source, _tensor);
        _out.Convert(_tensor, destination);
        destination.Provenance = source.Provenance with { FieldFormat = Output.FieldFormat };
    }

    /// <summary>Releases the float picture.</summary>
    public void Dispose() => _tensor.Dispose();
}
