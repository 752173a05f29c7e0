using System.Buffers;

namespace StreamDiffusion.Video.Frames;

/// <summary>Rents <see cref="VideoFrame"/>s over reused byte buffers so the frame path allocates nothing in steady state.</summary>
public sealed class VideoFramePool
{
    // Big enough for 8K BGRA with padding; a dedicated pool keeps 4–33 MB frame buffers out of the shared pool's buckets.
    private const int MaxFrameBytes = 160 * 1024 * 1024;
    private readonly ArrayPool<byte> _buffers = ArrayPool<byte>.Create(MaxFrameBytes, maxArraysPerBucket: 16);

    /// <summary>Rents a frame; <paramref name="strideBytes"/> 0 means tightly packed rows. The content is not cleared.</summary>
    /// <exception cref="ArgumentException">The shape is unusable (message says why and the fix).</exception>
    /// <exception cref="NotSupportedException">The format is one we do not handle.</exception>
    public VideoFrame Rent(PixelFormat format, int width, int height, int strideBytes = 0)
    {
        if (!Enum.IsDefined(format))
        {
            throw new NotSupportedException($"Pixel format FourCC 0x{(uint)format:X8} is unknown.");
        }

        if (strideBytes == 0 && width > 0)
        {
            strideBytes = PixelFormats.RowBytes(format, width);
        }

        PixelFormats.EnsureShape(format, width, height, strideBytes, "Frame");
        var bytes = PixelFormats.FrameBytes(format, width, height, strideBytes);
        if (bytes > MaxFrameBytes)
        {
            throw new ArgumentException(
                $"Frame of {width}×{height} {format} with stride {strideBytes} needs {bytes} bytes; the pool's limit is {MaxFrameBytes}. Use a smaller picture.",
                nameof(width));
        }

        return new VideoFrame(_buffers, _buffers.Rent((int)bytes), format, width, height, strideBytes);
    }
}
