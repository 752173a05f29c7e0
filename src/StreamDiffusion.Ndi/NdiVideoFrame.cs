namespace StreamDiffusion.Ndi;

/// <summary>
/// A received video frame, viewed in place in the NDI runtime's memory. It is valid only during the
/// <see cref="INdiVideoSink.OnVideoFrame"/> call that hands it over; the receiver frees it on its own handle right
/// after, so copy what you keep.
/// </summary>
public readonly ref struct NdiVideoFrame
{
    internal NdiVideoFrame(
        long sequence, int width, int height, NdiFourCC fourCC, int rateN, int rateD, float aspectRatio, NdiFrameFormat frameFormat,
        long timecode, long timestamp, int stride, ReadOnlySpan<byte> data, ReadOnlySpan<byte> metadata)
    {
        Sequence = sequence;
        Width = width;
        Height = height;
        FourCC = fourCC;
        RateN = rateN;
        RateD = rateD;
        AspectRatio = aspectRatio;
        FrameFormat = frameFormat;
        Timecode = timecode;
        Timestamp = timestamp;
        Stride = stride;
        Data = data;
        Metadata = metadata;
    }

    /// <summary>1 for the first video frame this receiver captured, counting up.</summary>
    public long Sequence { get; }

    /// <summary>Pixels per line.</summary>
    public int Width { get; }

    /// <summary>Lines in this frame (half the picture height for a single field).</summary>
    public int Height { get; }

    /// <summary>Pixel format.</summary>
    public NdiFourCC FourCC { get; }

    /// <summary>Frame rate numerator, exactly as sent (30000 of 30000/1001).</summary>
    public int RateN { get; }

    /// <summary>Frame rate denominator.</summary>
    public int RateD { get; }

    /// <summary>Picture aspect ratio (width/height of the displayed picture).</summary>
    public float AspectRatio { get; }

    /// <summary>Progressive, interleaved fields, or one field alone, as the source declared it.</summary>
    public NdiFrameFormat FrameFormat { get; }

    /// <summary>The sender's timecode in 100 ns units (synthesised from UTC when the sender asked for that).</summary>
    public long Timecode { get; }

    /// <summary>When the sender submitted the frame, 100 ns since the Unix epoch; <see cref="long.MaxValue"/> if unknown.</summary>
    public long Timestamp { get; }

    /// <summary>Bytes per line of the first plane.</summary>
    public int Stride { get; }

    /// <summary>All planes of the frame (see <see cref="NdiVideoLayout.BufferSize"/>).</summary>
    public ReadOnlySpan<byte> Data { get; }

    /// <summary>The frame's metadata as UTF-8 XML without the NUL; empty when the frame carries none.</summary>
    public ReadOnlySpan<byte> Metadata { get; }
}
