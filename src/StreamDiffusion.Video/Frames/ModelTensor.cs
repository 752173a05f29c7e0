using StreamDiffusion.Video.Geometry;
using System.Buffers;

namespace StreamDiffusion.Video.Frames;

/// <summary>
/// A planar float R'G'B' picture in [-1, 1] at model resolution (layout [3, height, width], the order an image
/// encoder takes), with the provenance and alpha of the frame it was made from. Owns a pooled buffer until
/// <see cref="Dispose"/>.
/// </summary>
public sealed class ModelTensor : IDisposable
{
    private float[]? _data;

    /// <summary>Creates a tensor for <paramref name="resolution"/>, reserving room to carry alpha of up to <paramref name="maxAlphaPixels"/> pixels.</summary>
    public ModelTensor(ModelResolution resolution, int maxAlphaPixels = 0)
    {
        Width = resolution.Width;
        Height = resolution.Height;
        _data = ArrayPool<float>.Shared.Rent(3 * Width * Height);
        Alpha = new CarriedAlpha(Math.Max(maxAlphaPixels, 1));
    }

    /// <summary>Columns of each plane.</summary>
    public int Width { get; }

    /// <summary>Rows of each plane.</summary>
    public int Height { get; }

    /// <summary>Provenance of the frame converted into this tensor.</summary>
    public FrameProvenance Provenance { get; set; }

    /// <summary>The input's alpha, when it had one and the policy carries it.</summary>
    public CarriedAlpha Alpha { get; }

    /// <summary>All three planes, R then G then B.</summary>
    public Span<float> Data => Buffer.AsSpan(0, 3 * Width * Height);

    /// <summary>Plane 0 = R, 1 = G, 2 = B.</summary>
    public Span<float> Plane(int channel)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(channel);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(channel, 2);
        return Buffer.AsSpan(channel * Width * Height, Width * Height);
    }

    private float[] Buffer => _data ?? throw new ObjectDisposedException(nameof(ModelTensor), "The tensor was released; create a new one.");

    /// <summary>Returns the buffers to their pools.</summary>
    public void Dispose()
    {
        var data = Interlocked.Exchange(ref _data, null);
        if (data is not null)
        {
            ArrayPool<float>.Shared.Return(data);
            Alpha.Release();
        }
    }
}
