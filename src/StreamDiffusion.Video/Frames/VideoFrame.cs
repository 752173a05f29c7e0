using System.Buffers;

namespace StreamDiffusion.Video.Frames;

/// <summary>
/// An 8-bit video frame over a pooled buffer, with its provenance. The frame owns the buffer until
/// <see cref="Dispose"/>, which returns it to the pool it came from; use the frame no more after that.
/// </summary>
public sealed class VideoFrame : IDisposable
{
    private readonly ArrayPool<byte>? _pool;
    private byte[]? _buffer;

    internal VideoFrame(ArrayPool<byte>? pool, byte[] buffer, PixelFormat format, int width, int height, int strideBytes)
    {
        _pool = pool;
        _buffer = buffer;
        Format = format;
        Width = width;
        Height = height;
        StrideBytes = strideBytes;
        Provenance = new FrameProvenance(0, 0, 0, FieldFormat.Progressive);
    }

    /// <summary>The FourCC layout of <see cref="Data"/>.</summary>
    public PixelFormat Format { get; }

    /// <summary>Pixels per line.</summary>
    public int Width { get; }

    /// <summary>Lines in the buffer (for single-field frames, half the picture's height).</summary>
    public int Height { get; }

    /// <summary>Bytes from one line to the next in the first plane; at least one row, often padded.</summary>
    public int StrideBytes { get; }

    /// <summary>Frame id, capture time, timecode and field format, carried to the output.</summary>
    public FrameProvenance Provenance { get; set; }

    /// <summary>The whole frame: the first plane (<see cref="StrideBytes"/> × <see cref="Height"/>) then, for UYVA, the alpha plane.</summary>
    public Span<byte> Data => Buffer.AsSpan(0, checked((int)PixelFormats.FrameBytes(Format, Width, Height, StrideBytes)));

    /// <summary>The meaningful bytes of line <paramref name="y"/> of the first plane.</summary>
    public Span<byte> Row(int y)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(y);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(y, Height);
        return Buffer.AsSpan(y * StrideBytes, PixelFormats.RowBytes(Format, Width));
    }

    /// <summary>UYVA's alpha plane (width × height bytes, stride = width).</summary>
    /// <exception cref="InvalidOperationException">The format is not UYVA.</exception>
    public Span<byte> AlphaPlane => Format == PixelFormat.Uyva
        ? Buffer.AsSpan(StrideBytes * Height, Width * Height)
        : throw new InvalidOperationException($"Only UYVA frames have a separate alpha plane; this frame is {Format}.");

    private byte[] Buffer => _buffer ?? throw new ObjectDisposedException(nameof(VideoFrame), "The frame was returned to its pool; rent a new one.");

    /// <summary>Returns the buffer to its pool.</summary>
    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null)
        {
            _pool?.Return(buffer);
        }
    }
}
