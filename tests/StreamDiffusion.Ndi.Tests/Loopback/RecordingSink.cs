using System.Buffers.Text;
using System.Diagnostics;

namespace StreamDiffusion.Ndi.Tests.Loopback;

/// <summary>What one received frame said, recorded without allocating.</summary>
internal readonly record struct ReceivedFrame(
    int Width, int Height, NdiFourCC FourCC, int RateN, int RateD, NdiFrameFormat FrameFormat, long Timecode, long Timestamp,
    long MetadataFrame, int Grey, int DataLength, long AllocatedBytes);

/// <summary>
/// An allocation-free sink for the loopback tests: records each frame's facts into a preallocated array on the capture
/// thread, so tests can assert on them and on the capture thread's allocations.
/// </summary>
internal sealed class RecordingSink(int capacity = 512) : INdiVideoSink
{
    private static readonly byte[] s_frameAttribute = "frame=\""u8.ToArray();
    private readonly ReceivedFrame[] _frames = new ReceivedFrame[capacity];
    private readonly AudioRecord[] _audio = new AudioRecord[capacity];
    private int _count;
    private int _audioCount;
    private int _metadataCount;

    /// <summary>When set, every video frame throws after being recorded (to test fault containment).</summary>
    public bool ThrowOnVideo { get; set; }

    /// <summary>Stand-alone metadata messages received.</summary>
    public int MetadataCount => Volatile.Read(ref _metadataCount);

    /// <summary>The last stand-alone metadata message, decoded (for assertions only).</summary>
    public string? LastMetadata { get; private set; }

    /// <summary>Blocks the capture thread this long per frame, to make a slow consumer.</summary>
    public TimeSpan DelayPerFrame { get; set; }

    public int Count => Volatile.Read(ref _count);

    public int AudioCount => Volatile.Read(ref _audioCount);

    public ReceivedFrame this[int index] => _frames[index];

    public AudioRecord Audio(int index) => _audio[index];

    /// <summary>The recorded frames so far.</summary>
    public ReceivedFrame[] Snapshot() => _frames[..Count];

    public void OnVideoFrame(in NdiVideoFrame frame)
    {
        var index = _count;
        if (index >= _frames.Length)
        {
            return;
        }

        _frames[index] = new ReceivedFrame(
            frame.Width, frame.Height, frame.FourCC, frame.RateN, frame.RateD, frame.FrameFormat, frame.Timecode, frame.Timestamp,
            ParseFrameNumber(frame.Metadata), GreyCode.Decode(frame), frame.Data.Length, GC.GetAllocatedBytesForCurrentThread());
        Volatile.Write(ref _count, index + 1);
        if (ThrowOnVideo)
        {
            throw new InvalidOperationException("sink fault injected by the test");
        }

        if (DelayPerFrame > TimeSpan.Zero)
        {
            Thread.Sleep(DelayPerFrame);
        }
    }

    public void OnMetadata(ReadOnlySpan<byte> metadata, long timecode)
    {
        LastMetadata = System.Text.Encoding.UTF8.GetString(metadata);
        Interlocked.Increment(ref _metadataCount);
    }

    public void OnAudio(in NdiAudioFrame frame)
    {
        var index = _audioCount;
        if (index >= _audio.Length)
        {
            return;
        }

        _audio[index] = new AudioRecord(frame.SampleRate, frame.Channels, frame.Samples, frame.Timecode, frame.Channel(0)[0], frame.Channel(1)[0], frame.Channel(1)[^1]);
        Volatile.Write(ref _audioCount, index + 1);
    }

    /// <summary>Waits (bounded) until <paramref name="predicate"/> holds for the recorded frames; false on timeout.</summary>
    public bool WaitUntil(Func<RecordingSink, bool> predicate, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!predicate(this))
        {
            if (clock.Elapsed > timeout)
            {
                return false;
            }

            Thread.Sleep(20);
        }

        return true;
    }

    /// <summary>Waits (bounded) for <paramref name="frames"/> frames; false on timeout.</summary>
    public bool WaitForFrames(int frames, TimeSpan timeout) => WaitUntil(s => s.Count >= frames, timeout);

    private static long ParseFrameNumber(ReadOnlySpan<byte> metadata)
    {
        var at = metadata.IndexOf(s_frameAttribute);
        if (at < 0 || !Utf8Parser.TryParse(metadata[(at + s_frameAttribute.Length)..], out long number, out _))
        {
            return -1;
        }

        return number;
    }
}

/// <summary>What one received audio frame said.</summary>
internal readonly record struct AudioRecord(int SampleRate, int Channels, int Samples, long Timecode, float FirstLeft, float FirstRight, float LastRight);
