using StreamDiffusion.Video.Frames;
using StreamDiffusion.Video.Geometry;
using StreamDiffusion.Video.Kernels;

namespace StreamDiffusion.Video.Conversion;

/// <summary>
/// Brings a carried alpha plane to the output size: a copy when sizes match (the usual case), else area/bilinear
/// resampling of the whole picture. Tables for a new carried size are built on first sight and kept.
/// </summary>
internal sealed class AlphaResampler
{
    private readonly int _width;
    private readonly int _height;
    private readonly KernelWidth _kernelWidth;
    private readonly byte[] _plane;
    private (int Width, int Height) _builtFor;
    private ResampleAxis? _horizontal;
    private ResampleAxis? _vertical;
    private float[] _accumulator = [];
    private float[] _row = [];
    private int[] _offsets = [];
    private ByteRowAccumulateKernel? _accumulate;
    private FloatRowToBytesKernel? _pack;

    public AlphaResampler(int width, int height, KernelWidth kernelWidth)
    {
        _width = width;
        _height = height;
        _kernelWidth = kernelWidth;
        _plane = new byte[width * height];
    }

    /// <summary>The carried alpha at output size, in a buffer this resampler owns.</summary>
    public ReadOnlySpan<byte> Resample(CarriedAlpha carried)
    {
        Resample(carried, _plane);
        return _plane;
    }

    /// <summary>Writes the carried alpha at output size into <paramref name="destination"/> (width × height bytes).</summary>
    public void Resample(CarriedAlpha carried, Span<byte> destination)
    {
        if (carried.Width == _width && carried.Height == _height)
        {
            carried.Plane.CopyTo(destination);
            return;
        }

        if (_builtFor != (carried.Width, carried.Height))
        {
            _horizontal = ResampleAxis.Build(SampleGrid.Pixels(carried.Width), 0, carried.Width, SampleGrid.Pixels(_width), 0, _width);
            _vertical = ResampleAxis.Build(SampleGrid.Pixels(carried.Height), 0, carried.Height, SampleGrid.Pixels(_height), 0, _height);
            _accumulator = new float[carried.Width];
            _row = new float[_width];
            _offsets = (int[])_horizontal.First.Clone();
            _accumulate = ByteRowAccumulateKernel.Create(_kernelWidth);
            _pack = FloatRowToBytesKernel.Create(_kernelWidth);
            _builtFor = (carried.Width, carried.Height);
        }

        var source = carried.Plane;
        for (var y = 0; y < _height; y++)
        {
            var overwrite = true;
            for (var t = 0; t < _vertical!.Taps; t++)
            {
                var weight = _vertical.Weights[(y * _vertical.Taps) + t];
                if (weight != 0f)
                {
                    _accumulate!.Run(source.Slice((_vertical.First[y] + t) * carried.Width, carried.Width), weight, _accumulator, overwrite);
                    overwrite = false;
                }
            }

            HorizontalResample.Run(_accumulator, _offsets, _horizontal!.Weights, _horizontal.Taps, 1, _row, 0, 1, _width);
            _pack!.Run(_row, destination.Slice(y * _width, _width));
        }
    }
}
