using StreamDiffusion.Video.Colour;
using StreamDiffusion.Video.Frames;
using StreamDiffusion.Video.Geometry;
using StreamDiffusion.Video.Kernels;

namespace StreamDiffusion.Video.Conversion;

/// <summary>
/// The way out: planar R'G'B' [-1, 1] at model resolution → 8-bit UYVY/UYVA/BGRA/BGRX at output resolution, through
/// the exact inverse of the input's fit so the output lines up with the input. Built once per shape;
/// <see cref="Convert"/> allocates nothing. Not thread-safe: one converter per output thread.
/// </summary>
/// <remarks>
/// Per model row (cached while output rows need it): colour matrix at model resolution, then the horizontal filter
/// scatters each channel into a packed float row of the output layout. Per output row: the vertical filter sums
/// cached packed rows (SIMD) and rounds them to bytes (SIMD). Outside the fitted window (crop mode) the output is black.
/// </remarks>
public sealed class TensorToFrameConverter
{
    private readonly FloatRowAccumulateKernel _accumulate;
    private readonly FloatRowToBytesKernel _pack;
    private readonly PlanarColourTransformKernel _colour;
    private readonly ColourTransformCoefficients _coefficients;
    private readonly ResampleAxis _vertical;
    private readonly ResampleAxis[] _horizontal;
    private readonly int[][] _offsets;
    private readonly int[] _channelOffsets;
    private readonly int[] _channelStrides;
    private readonly float[][] _cache;
    private readonly int[] _cacheRow;
    private readonly float[] _accumulator;
    private readonly byte[] _fillRow;
    private readonly float[][] _planes;
    private readonly PictureWindow _modelWindow;
    private readonly AlphaResampler _alpha;

    /// <summary>Builds the tables for writing <paramref name="output"/> frames from tensors made of <paramref name="input"/> frames.</summary>
    /// <exception cref="NotSupportedException">The output format cannot be written.</exception>
    /// <exception cref="ArgumentException">A size is unusable.</exception>
    public TensorToFrameConverter(FrameSpec input, ModelResolution model, FrameSpec output, VideoPathSettings settings, KernelWidth? width = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        PixelFormats.EnsureWritable(output.Format);
        PixelFormats.EnsureShape(input.Format, input.Width, input.Height, PixelFormats.RowBytes(input.Format, input.Width), "Input frame");
        PixelFormats.EnsureShape(output.Format, output.Width, output.Height, PixelFormats.RowBytes(output.Format, output.Width), "Output frame");
        Input = input;
        Model = model;
        Output = output;
        Settings = settings;
        Width = width ?? KernelSelector.Best;
        var fit = FitGeometry.Compute(input.Width, input.PictureHeight, model, settings.Fit);
        _modelWindow = fit.Model;
        Window = fit.Source.ScaleTo(input.Width, input.PictureHeight, output.Width, output.PictureHeight);
        var yuv = PixelFormats.IsYuv422(output.Format);
        Matrix = settings.ColourOrDefault.MatrixFor(output.Width, output.PictureHeight);
        Range = settings.ColourOrDefault.YuvRange;
        _coefficients = yuv ? ColourCoding.ModelToYuv(Matrix, Range) : ColourCoding.ModelToRgb();
        _accumulate = FloatRowAccumulateKernel.Create(Width);
        _pack = FloatRowToBytesKernel.Create(Width);
        _colour = PlanarColourTransformKernel.Create(Width);

        var rows = output.IsSingleField
            ? SampleGrid.Field(output.Height, output.FieldFormat == FieldFormat.Field0 ? 0 : 1)
            : SampleGrid.Pixels(output.Height);
        _vertical = ResampleAxis.Build(SampleGrid.Pixels(_modelWindow.Height), 0, _modelWindow.Height, rows, Window.Y, Window.Height);

        var channels = PackedChannel.Of(output.Format);
        _channelOffsets = [channels[0].Offset, channels[1].Offset, channels[2].Offset];
        _channelStrides = [channels[0].Stride, channels[1].Stride, channels[2].Stride];
        _horizontal = new ResampleAxis[3];
        _offsets = new int[3][];
        for (var c = 0; c < 3; c++)
        {
            var axis = ResampleAxis.Build(SampleGrid.Pixels(_modelWindow.Width), 0, _modelWindow.Width, channels[c].Grid(output.Width), Window.X, Window.Width);
            _horizontal[c] = axis;
            _offsets[c] = new int[axis.InsideEnd - axis.InsideBegin];
            for (var j = 0; j < _offsets[c].Length; j++)
            {
                _offsets[c][j] = axis.First[axis.InsideBegin + j];
            }
        }

        // Every packed row starts as black (and opaque); the scatter overwrites only samples inside the window.
        var rowElements = PixelFormats.RowBytes(output.Format, output.Width);
        var fill = new float[rowElements];
        var (_, yBlack, _) = ColourCoding.Quantisation(Range);
        for (var e = 0; e < rowElements; e++)
        {
            fill[e] = yuv ? (e % 2 == 1 ? Math.Max((float)yBlack, ColourCoding.YuvCodeMin) : 128f) : (e % 4 == 3 ? 255f : 0f);
        }

        _fillRow = new byte[rowElements];
        FloatRowToBytesKernel.Create(KernelWidth.Scalar).Run(fill, _fillRow);
        _cache = new float[_vertical.Taps + 1][];
        _cacheRow = new int[_cache.Length];
        for (var i = 0; i < _cache.Length; i++)
        {
            _cache[i] = (float[])fill.Clone();
        }

        _accumulator = new float[rowElements];
        _planes = [new float[_modelWindow.Width], new float[_modelWindow.Width], new float[_modelWindow.Width]];
        _alpha = new AlphaResampler(output.Width, output.Height, Width);
    }

    /// <summary>The input shape whose fit is inverted.</summary>
    public FrameSpec Input { get; }

    /// <summary>The model resolution read.</summary>
    public ModelResolution Model { get; }

    /// <summary>The output shape written.</summary>
    public FrameSpec Output { get; }

    /// <summary>The policies applied.</summary>
    public VideoPathSettings Settings { get; }

    /// <summary>The kernel width in use.</summary>
    public KernelWidth Width { get; }

    /// <summary>Where the model's picture lands in the output picture.</summary>
    public PictureWindow Window { get; }

    /// <summary>The Y'CbCr matrix used for YUV output.</summary>
    public ColourMatrix Matrix { get; }

    /// <summary>The Y'CbCr range used for YUV output.</summary>
    public ColourRange Range { get; }

    /// <summary>The output shape the policies give for <paramref name="input"/>: same size, progressive unless interlace passes through.</summary>
    public static FrameSpec OutputFor(FrameSpec input, PixelFormat format, VideoPathSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Interlace == InterlacePolicy.PassThrough || input.FieldFormat == FieldFormat.Progressive)
        {
            return input with { Format = format };
        }

        return new FrameSpec(format, input.Width, input.PictureHeight, FieldFormat.Progressive);
    }

    /// <summary>Writes <paramref name="tensor"/> into <paramref name="frame"/> with the tensor's provenance and (per policy) its carried alpha.</summary>
    /// <exception cref="ArgumentException">The tensor or frame does not match the shapes this converter was built for.</exception>
    public void Convert(ModelTensor tensor, VideoFrame frame)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        ArgumentNullException.ThrowIfNull(frame);
        if (tensor.Width != Model.Width || tensor.Height != Model.Height)
        {
            throw new ArgumentException($"Tensor is {tensor.Width}×{tensor.Height} but this converter reads {Model}.", nameof(tensor));
        }

        if (frame.Format != Output.Format || frame.Width != Output.Width || frame.Height != Output.Height)
        {
            throw new ArgumentException(
                $"Frame is {frame.Format} {frame.Width}×{frame.Height} but this converter writes {Output}; rent a frame of that shape.", nameof(frame));
        }

        Array.Fill(_cacheRow, -1);
        var data = frame.Data;
        var stride = frame.StrideBytes;
        var taps = _vertical.Taps;
        for (var y = 0; y < Output.Height; y++)
        {
            var destination = data.Slice(y * stride, _fillRow.Length);
            if (y < _vertical.InsideBegin || y >= _vertical.InsideEnd)
            {
                _fillRow.CopyTo(destination);
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

                _accumulate.Run(PackedModelRow(tensor, _vertical.First[y] + t), weight, _accumulator, overwrite);
                overwrite = false;
            }

            _pack.Run(_accumulator, destination);
        }

        frame.Provenance = tensor.Provenance with { FieldFormat = Output.FieldFormat };
        AttachAlpha(tensor.Alpha, frame);
    }

    private float[] PackedModelRow(ModelTensor tensor, int row)
    {
        var slot = row % _cache.Length;
        var packed = _cache[slot];
        if (_cacheRow[slot] == row)
        {
            return packed;
        }

        var start = ((_modelWindow.Y + row) * Model.Width) + _modelWindow.X;
        var count = _modelWindow.Width;
        _colour.Run(tensor.Plane(0).Slice(start, count), tensor.Plane(1).Slice(start, count), tensor.Plane(2).Slice(start, count), _planes[0], _planes[1], _planes[2], _coefficients);
        for (var c = 0; c < 3; c++)
        {
            var axis = _horizontal[c];
            HorizontalResample.Run(
                _planes[c], _offsets[c], axis.Weights.AsSpan(axis.InsideBegin * axis.Taps), axis.Taps, 1,
                packed, _channelOffsets[c] + (axis.InsideBegin * _channelStrides[c]), _channelStrides[c], _offsets[c].Length);
        }

        _cacheRow[slot] = row;
        return packed;
    }

    private void AttachAlpha(CarriedAlpha carried, VideoFrame frame)
    {
        if (Output.Format is PixelFormat.Uyvy or PixelFormat.Bgrx)
        {
            return;
        }

        var keep = Settings.Alpha == AlphaPolicy.Carry && carried.IsPresent;
        if (Output.Format == PixelFormat.Uyva)
        {
            var plane = frame.AlphaPlane;
            if (keep)
            {
                _alpha.Resample(carried, plane);
            }
            else
            {
                plane.Fill(255);
            }

            return;
        }

        // BGRA: the packed rows already hold 255 in every A byte; overwrite with the carried alpha.
        if (!keep)
        {
            return;
        }

        var resampled = _alpha.Resample(carried);
        var data = frame.Data;
        for (var y = 0; y < Output.Height; y++)
        {
            var row = data.Slice(y * frame.StrideBytes, 4 * Output.Width);
            var alpha = resampled.Slice(y * Output.Width, Output.Width);
            for (var x = 0; x < alpha.Length; x++)
            {
                row[(4 * x) + 3] = alpha[x];
            }
        }
    }
}
