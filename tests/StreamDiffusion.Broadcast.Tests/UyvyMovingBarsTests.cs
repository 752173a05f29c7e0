using StreamDiffusion.Broadcast.Cli;

namespace StreamDiffusion.Broadcast.Tests;

/// <summary>The test-pattern bars: 75 % levels in video range, identical lines, two pixels of motion per frame.</summary>
public sealed class UyvyMovingBarsTests
{
    private const int Width = 320;
    private const int Height = 180;

    private static byte[] Frame(long frameNumber)
    {
        var frame = new byte[Width * 2 * Height];
        new UyvyMovingBars(Width, Height).Draw(frame, Width * 2, frameNumber);
        return frame;
    }

    [Fact]
    public void Frame_zero_runs_from_75_percent_white_to_black_with_neutral_chroma_at_the_ends()
    {
        var frame = Frame(0);

        // First pixel pair: white (Y 180 = 16 + 219 × 0.75, U = V = 128); last pair: black (Y 16).
        Assert.Equal(new byte[] { 128, 180, 128, 180 }, frame[..4]);
        Assert.Equal(new byte[] { 128, 16, 128, 16 }, frame[(Width * 2 - 4)..(Width * 2)]);
        var lumas = Enumerable.Range(0, Width).Select(x => frame[(x * 2) + 1]).Distinct().Count();
        Assert.Equal(8, lumas);
    }

    [Fact]
    public void Every_line_is_the_same()
    {
        var frame = Frame(7);
        var first = frame.AsSpan(0, Width * 2);

        for (var row = 1; row < Height; row++)
        {
            Assert.True(first.SequenceEqual(frame.AsSpan(row * Width * 2, Width * 2)), $"line {row} differs from line 0");
        }
    }

    [Fact]
    public void Each_frame_moves_the_bars_two_pixels_left_and_wraps()
    {
        var now = Frame(10);
        var next = Frame(11);
        var wrapped = Frame(10 + (Width / 2));

        Assert.True(now.AsSpan(4, (Width * 2) - 4).SequenceEqual(next.AsSpan(0, (Width * 2) - 4)));
        Assert.Equal(now, wrapped);
    }
}
