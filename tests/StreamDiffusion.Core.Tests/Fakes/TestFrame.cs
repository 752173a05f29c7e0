using StreamDiffusion.Core.Pipeline;

namespace StreamDiffusion.Core.Tests.Fakes;

/// <summary>
/// A reusable input frame: a smooth pattern that moves with <see cref="Phase"/> (0 keeps it still), rendered at any
/// requested size without allocating. Frame n is captured at n × 40 ms (25 fps).
/// </summary>
public sealed class TestFrame : IStreamInputFrame
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(40);

    public FrameProvenance Provenance { get; private set; }

    public float Phase { get; set; }

    public float Brightness { get; set; }

    public int WriteCount { get; private set; }

    /// <summary>Makes this the frame with id <paramref name="id"/> captured at id × 40 ms, with timecode id × 400000.</summary>
    public TestFrame At(long id)
    {
        Provenance = new FrameProvenance(id, Interval * id, id * 400_000);
        return this;
    }

    public static float Pixel(int c, int y, int x, float phase, float brightness) =>
        brightness + (0.4f * MathF.Sin((0.7f * x) + (1.3f * y) + (2.1f * c) + phase));

    public void WriteModelImage(int height, int width, Span<float> image)
    {
        WriteCount++;
        for (int c = 0; c < 3; c++)
        {
            for (int y = 0; y < height; y++)
            {
                for (int x = 0; x < width; x++)
                {
                    image[(((c * height) + y) * width) + x] = Pixel(c, y, x, Phase, Brightness);
                }
            }
        }
    }
}
