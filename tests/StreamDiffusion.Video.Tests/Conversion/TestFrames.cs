using StreamDiffusion.Video.Frames;

namespace StreamDiffusion.Video.Tests.Conversion;

/// <summary>Builders and readers for frames in tests.</summary>
internal static class TestFrames
{
    public static readonly VideoFramePool Pool = new();

    public static void SetUyvy(VideoFrame frame, int x, int y, byte luma, byte cb, byte cr)
    {
        var row = frame.Row(y);
        row[(2 * x) + 1] = luma;
        var pair = 4 * (x / 2);
        row[pair] = cb;
        row[pair + 2] = cr;
    }

    public static byte Luma(VideoFrame frame, int x, int y) => frame.Row(y)[(2 * x) + 1];

    public static (byte Cb, byte Cr) Chroma(VideoFrame frame, int x, int y)
    {
        var row = frame.Row(y);
        return (row[4 * (x / 2)], row[(4 * (x / 2)) + 2]);
    }

    /// <summary>Fills a frame's bytes, padding included, with a seeded pattern so stray reads and writes show.</summary>
    public static void Scribble(VideoFrame frame, int seed) => new Random(seed).NextBytes(frame.Data);
}
