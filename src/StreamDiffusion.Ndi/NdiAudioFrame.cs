namespace StreamDiffusion.Ndi;

/// <summary>
/// A received audio frame in planar 32-bit float, viewed in place in the runtime's memory; valid only during the
/// <see cref="INdiVideoSink.OnAudio"/> call.
/// </summary>
public readonly ref struct NdiAudioFrame
{
    internal NdiAudioFrame(int sampleRate, int channels, int samples, int channelStride, long timecode, long timestamp, ReadOnlySpan<byte> data)
    {
        SampleRate = sampleRate;
        Channels = channels;
        Samples = samples;
        ChannelStride = channelStride;
        Timecode = timecode;
        Timestamp = timestamp;
        Data = data;
    }

    /// <summary>Samples per second.</summary>
    public int SampleRate { get; }

    /// <summary>Number of channel planes.</summary>
    public int Channels { get; }

    /// <summary>Samples per channel.</summary>
    public int Samples { get; }

    /// <summary>Bytes from one channel plane to the next.</summary>
    public int ChannelStride { get; }

    /// <summary>The sender's timecode, 100 ns units.</summary>
    public long Timecode { get; }

    /// <summary>When the sender submitted the frame, 100 ns since the Unix epoch.</summary>
    public long Timestamp { get; }

    /// <summary>All channel planes.</summary>
    public ReadOnlySpan<byte> Data { get; }

    /// <summary>The samples of channel <paramref name="channel"/>.</summary>
    public ReadOnlySpan<float> Channel(int channel)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(channel);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(channel, Channels);
        return System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(Data.Slice(channel * ChannelStride, Samples * sizeof(float)));
    }
}
