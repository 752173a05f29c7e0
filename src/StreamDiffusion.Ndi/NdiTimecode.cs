namespace StreamDiffusion.Ndi;

/// <summary>NDI timecodes: 100 ns units; <see cref="Synthesize"/> asks the runtime to stamp UTC-based ones.</summary>
public static class NdiTimecode
{
    /// <summary><c>NDIlib_send_timecode_synthesize</c>: the runtime fills in a timecode.</summary>
    public const long Synthesize = long.MaxValue;

    /// <summary><c>NDIlib_recv_timestamp_undefined</c>: the sender's runtime gave no timestamp.</summary>
    public const long Undefined = long.MaxValue;

    /// <summary>Ticks (100 ns) per second.</summary>
    public const long TicksPerSecond = 10_000_000;

    /// <summary>The timecode of frame <paramref name="frameNumber"/> at N/D frames per second, counted from 0.</summary>
    public static long FromFrameNumber(long frameNumber, int rateN, int rateD) =>
        (long)((Int128)frameNumber * TicksPerSecond * rateD / rateN);

    /// <summary>The frame number a timecode made by <see cref="FromFrameNumber"/> stands for.</summary>
    public static long ToFrameNumber(long timecode, int rateN, int rateD) =>
        (long)((((Int128)timecode * rateN) + ((Int128)TicksPerSecond * rateD / 2)) / ((Int128)TicksPerSecond * rateD));
}
