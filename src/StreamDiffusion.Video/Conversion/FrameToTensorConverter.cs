using StreamDiffusion.Video.Colour;
using StreamDiffusion.Video.Frames;
using StreamDiffusion.Video.Geometry;
using StreamDiffusion.Video.Kernels;

namespace StreamDiffusion.Video.Conversion;

/// <summary>
/// The way in: 8-bit frames of one <see cref="FrameSpec"/> → planar R'G'B' [-1, 1] at model resolution, with fit,
/// field handling, colour and alpha per <see cref="VideoPathSettings"/>. Built once per input shape (all tables and
/// scratch rows are made here); <see cref="Convert(VideoFrame, ModelTensor)"/> allocates nothing. Not thread-safe: one
/// converter per capture thread.
/// </summary>
/// <remarks>
/// Order of work per model row: the vertical filter sums the needed source rows as raw bytes (layout-agnostic SIMD),
/// the horizontal filter picks each channel out of that packed float row at model width, and the colour matrix runs
/// last on model-resolution planes. Both filters and the matrix are linear, so this equals converting first and
/// resampling after, at a fraction of the cost.
/// </remarks>
public sealed class FrameToTensorConverter
{
    private readonly ByteRowAccumulateKernel _accumulate;
    private readonly PlanarColourTransformKernel _colour;
    private readonly ColourTransformCoefficients _coefficients;
    private readonly ResampleAxis _vertical;
    private readonly ResampleAxis[] _horizontal;
    private readonly int[][] _offsets;
    private readonly int[] _strides;
    private readonly int _elementBegin;
    private readonly float[] _accumulator;
    private readonly float[][] _planes;
    private readonly int _rowStep;
    private readonly int _rowBase;
    private readonly AlphaSource _alphaSource;
    // BGRA and RGBA both keep alpha in the fourth byte of each pixel.
    private const int AlphaByte = 3;

    /// <summary>Builds the tables for <paramref name="input"/> → <paramref name="model"/>.</summary>
    /// <exception cref="NotSupportedException">The input format cannot be read (P216/PA16: see docs/video.md).</exception>
    /// <exception cref="ArgumentException">The input size is unusable.</exception>
    public FrameToTensorConverter(FrameSpec input, ModelResolution model, VideoPathSettings settings, KernelWidth? width = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        PixelFormats.EnsureReadable(input.Format);
        PixelFormats.EnsureShape(input.Format, input.Width, input.Height, PixelFormats.RowBytes(input.Format, input.Width), "Input frame");
        Input = input;
        Model = model;
        Settings = settings;
        Width = width ?? KernelSelector.Best;
        Fit = FitGeometry.Compute(input.Width, input.PictureHeight, model, settings.Fit);
        Matrix = settings.ColourOrDefault.MatrixFor(input.Width, input.PictureHeight);
        Range = settings.ColourOrDefault.YuvRange;
        _accumulate = ByteRowAccumulateKernel.Create(Width);
        _colour = PlanarColourTransformKernel.Create(Width);
        _coefficients = PixelFormats.IsYuv422(input.Format) ? ColourCoding.YuvToModel(Matrix, Range) : ColourCoding.RgbToModel();
        _alphaSource = settings.Alpha == AlphaPolicy.Drop || !PixelFormats.HasAlpha(input.Format) ? AlphaSource.None
            : input.Format == PixelFormat.Uyva ? AlphaSource.Plane : AlphaSource.FourthByte;

        // Rows: woven interlaced frames give up their odd lines under the deinterlace policy; single fields always sit on a field grid.
        SampleGrid rows;
        if (input.IsSingleField)
        {
            rows = SampleGrid.Field(input.Height, input.FieldFormat == FieldFormat.Field0 ? 0 : 1);
            (_rowBase, _rowStep) = (0, 1);
        }
        else if (input.FieldFormat == FieldFormat.Interleaved && settings.Interlace == InterlacePolicy.Deinterlace)
        {
            rows = SampleGrid.Field((input.Height + 1) / 2, 0);
            (_rowBase, _rowStep) = (0, 2);
        }
        else
        {
            rows = SampleGrid.Pixels(input.Height);
            (_rowBase, _rowStep) = (0, 1);
        }

        _vertical = ResampleAxis.Build(rows, Fit.Source.Y, Fit.Source.Height, SampleGrid.Pixels(model.Height), Fit.Model.Y, Fit.Model.Height);
        var channels = PackedChannel.Of(input.Format);
        _strides = [channels[0].Stride, channels[1].Stride, channels[2].Stride];
        _horizontal = new ResampleAxis[3];
        int low = int.MaxValue, high = int.MinValue;
        for (var c = 0; c < 3; c++)
        {
            var axis = ResampleAxis.Build(channels[c].Grid(input.Width), Fit.Source.X, Fit.Source.Width, SampleGrid.Pixels(model.Width), Fit.Model.X, Fit.Model.Width);
            _horizontal[c] = axis;
            for (var j = axis.InsideBegin; j < axis.InsideEnd; j++)
            {
                low = Math.Min(low, channels[c].Offset + (axis.First[j] * channels[c].Stride));
                high = Math.Max(high, channels[c].Offset + ((axis.First[j] + axis.Taps - 1) * channels[c].Stride));
            }
        }

        _elementBegin = low;
        _accumulator = new float[high - low + 1];
        _offsets = new int[3][];
        _planes = new float[3][];
        for (var c = 0; c < 3; c++)
        {
            var axis = _horizontal[c];
            var count = axis.InsideEnd - axis.InsideBegin;
            _offsets[c] = new int[count];
            for (var j = 0; j < count; j++)
            {
                _offsets[c][j] = channels[c].Offset + (axis.First[axis.InsideBegin + j] * channels[c].Stride) - low;
            }

            _planes[c] = new float[count];
        }
    }

    /// <summary>The input shape this converter was built for.</summary>
    public FrameSpec Input { get; }

    /// <summary>The model resolution it writes.</summary>
    public ModelResolution Model { get; }

    /// <summary>The policies it applies.</summary>
    public VideoPathSettings Settings { get; }

    /// <summary>The kernel width in use.</summary>
    public KernelWidth Width { get; }

    /// <summary>Input window ↔ model window.</summary>
    public FitGeometry Fit { get; }

    /// <summary>The Y'CbCr matrix applied to YUV input.</summary>
    public ColourMatrix Matrix { get; }

    /// <summary>The Y'CbCr range applied to YUV input.</summary>
    public ColourRange Range { get; }

    /// <summary>Converts <paramref name="frame"/> into <paramref name="tensor"/>, copying its provenance and (per policy) its alpha.</summary>
    /// <exception cref="ArgumentException">The frame or tensor does not match the shapes this converter was built for.</exception>
    public void Convert(VideoFrame frame, ModelTensor tensor)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (frame.Format != Input.Format || frame.Width != Input.Width || frame.Height != Input.Height)
        {
            throw new ArgumentException(
                $"Frame is {frame.Format} {frame.Width}×{frame.Height} but this converter was built for {Input}; build a converter for the new shape.",
                nameof(frame));
        }

        Convert(frame.Data, frame.StrideBytes, frame.Provenance, tensor);
    }

    /// <summary>Converts a frame held elsewhere (e.g. an NDI receiver's buffer) without copying it first.</summary>
    /// <exception cref="ArgumentException">The data, stride or tensor does not match.</exception>
    public void Convert(ReadOnlySpan<byte> data, int strideBytes, FrameProvenance provenance, ModelTensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        PixelFormats.EnsureShape(Input.Format, Input.Width, Input.Height, strideBytes, "Input frame");
        var needed = PixelFormats.FrameBytes(Input.Format, Input.Width, Input.Height, strideBytes);
        if (data.Length < needed)
        {
            throw new ArgumentException($"Input frame {Input} with stride {strideBytes} needs {needed} bytes; got {data.Length}.", nameof(data));
        }

        if (tensor.Width != Model.Width || tensor.Height != Model.Height)
        {
            throw new ArgumentException($"Tensor is {tensor.Width}×{tensor.Height} but this converter writes {Model}; pass a tensor of the model resolution.", nameof(tensor));
        }

        var modelWidth = Model.Width;
        Span<float> r = tensor.Plane(0), g = tensor.Plane(1), b = tensor.Plane(2);
        var begin = _horizontal[0].InsideBegin;
        var count = _horizontal[0].InsideEnd - begin;
        var taps = _vertical.Taps;
        for (var y = 0; y < Model.Height; y++)
        {
            var rowStart = y * modelWidth;
            if (y < _vertical.InsideBegin || y >= _vertical.InsideEnd)
            {
                // Letterbox bars: black.
                r.Slice(rowStart, modelWidth).Fill(-1f);
                g.Slice(rowStart, modelWidth).Fill(-1f);
                b.Slice(rowStart, modelWidth).Fill(-1f);
                continue;
            }

            var overwrite = true;
            for (var t = 0; t < taps; t++)
            {
                var weight = _vertical.Weights[(y * taps) + t];
                if (weight == 0f)
                {
                    continue;
                }

                var line = _rowBase + ((_vertical.First[y] + t) * _rowStep);
                _accumulate.Run(data.Slice((line * strideBytes) + _elementBegin, _accumulator.Length), weight, _accumulator, overwrite);
                overwrite = false;
            }

            for (var c = 0; c < 3; c++)
            {
                var axis = _horizontal[c];
                HorizontalResample.Run(_accumulator, _offsets[c], axis.Weights.AsSpan(axis.InsideBegin * axis.Taps), axis.Taps, _strides[c], _planes[c], 0, 1, _planes[c].Length);
            }

            _colour.Run(_planes[0], _planes[1], _planes[2], r.Slice(rowStart + begin, count), g.Slice(rowStart + begin, count), b.Slice(rowStart + begin, count), _coefficients);
            if (count < modelWidth)
            {
                // Pillarbox bars.
                r.Slice(rowStart, begin).Fill(-1f);
                g.Slice(rowStart, begin).Fill(-1f);
                b.Slice(rowStart, begin).Fill(-1f);
                r.Slice(rowStart + begin + count, modelWidth - begin - count).Fill(-1f);
                g.Slice(rowStart + begin + count, modelWidth - begin - count).Fill(-1f);
                b.Slice(rowStart + begin + count, modelWidth - begin - count).Fill(-1f);
            }
        }

        tensor.Provenance = provenance;
        CarryAlpha(data, strideBytes, tensor.Alpha);
    }

    private void CarryAlpha(ReadOnlySpan<byte> data, int strideBytes, CarriedAlpha alpha)
    {
        if (_alphaSource == AlphaSource.None)
        {
            alpha.Clear();
            return;
        }

        var plane = alpha.Prepare(Input.Width, Input.Height);
        if (_alphaSource == AlphaSource.Plane)
        {
            // UYVA: the alpha plane follows the UYVY plane, stride = width.
            data.Slice(strideBytes * Input.Height, plane.Length).CopyTo(plane);
            return;
        }

        for (var y = 0; y < Input.Height; y++)
        {
            var row = data.Slice(y * strideBytes, 4 * Input.Width);
            var dst = plane.Slice(y * Input.Width, Input.Width);
            for (var x = 0; x < dst.Length; x++)
            {
                dst[x] = row[(4 * x) + AlphaByte];
            }
        }
    }

    private enum AlphaSource
    {
        None,
        Plane,
        FourthByte,
    }
}
