using System.Diagnostics;
using StreamDiffusion.Core.Pipeline;
using StreamDiffusion.Video.Conversion;
using StreamDiffusion.Video.Frames;
using StreamDiffusion.Video.Geometry;
using CoreProvenance = StreamDiffusion.Core.Pipeline.FrameProvenance;

namespace StreamDiffusion.Broadcast.Channels;

/// <summary>
/// Presents the current input <see cref="VideoFrame"/> to the pipeline as an <see cref="IStreamInputFrame"/>: the
/// frame is fitted and converted to the model tensor on request, with converters kept per input shape and model size
/// so steady state allocates nothing.
/// </summary>
internal sealed class VideoFrameModelInput(VideoPathSettings settings) : IStreamInputFrame, IDisposable
{
    private readonly Dictionary<(FrameSpec Spec, int Height, int Width), (FrameToTensorConverter Converter, ModelTensor Tensor)> _converters = [];
    private VideoFrame? _frame;

    /// <summary>The frame now presented; set by the inference loop before each call.</summary>
    public VideoFrame Frame
    {
        get => _frame ?? throw new InvalidOperationException("No frame is presented.");
        set => _frame = value;
    }

    /// <inheritdoc />
    public CoreProvenance Provenance => new(Frame.Provenance.FrameId, Stopwatch.GetElapsedTime(0, Frame.Provenance.CaptureTimestamp), Frame.Provenance.Timecode);

    /// <inheritdoc />
    public void WriteModelImage(int height, int width, Span<float> image)
    {
        var frame = Frame;
        var spec = new FrameSpec(frame.Format, frame.Width, frame.Height, frame.Provenance.FieldFormat);
        if (!_converters.TryGetValue((spec, height, width), out var entry))
        {
            var resolution = ModelResolution.Create(width, height);
            entry = (new FrameToTensorConverter(spec, resolution, settings), new ModelTensor(resolution, frame.Width * frame.Height));
            _converters[(spec, height, width)] = entry;
        }

        entry.Converter.Convert(frame, entry.Tensor);
        entry.Tensor.Data.CopyTo(image);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var (_, tensor) in _converters.Values)
        {
            tensor.Dispose();
        }

        _converters.Clear();
    }
}
