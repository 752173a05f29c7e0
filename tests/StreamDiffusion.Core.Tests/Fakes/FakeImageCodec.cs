using StreamDiffusion.Core.Models;

namespace StreamDiffusion.Core.Tests.Fakes;

/// <summary>Encoder by point sampling: latent[c, y, x] = image[c mod 3, 8y, 8x] (+0.25 on channel 3).</summary>
public sealed class FakeImageEncoder(LatentShape latent) : IImageEncoder
{
    public int ImageHeight => Latent.Height * 8;

    public int ImageWidth => Latent.Width * 8;

    public LatentShape Latent { get; } = latent;

    public static float LatentValue(ReadOnlySpan<float> image, LatentShape latent, int c, int y, int x)
    {
        int height = latent.Height * 8;
        int width = latent.Width * 8;
        return image[((c % 3) * height * width) + (8 * y * width) + (8 * x)] + (c == 3 ? 0.25f : 0f);
    }

    public void Encode(ReadOnlySpan<float> image, Span<float> latent)
    {
        for (int c = 0; c < Latent.Channels; c++)
        {
            for (int y = 0; y < Latent.Height; y++)
            {
                for (int x = 0; x < Latent.Width; x++)
                {
                    latent[(((c * Latent.Height) + y) * Latent.Width) + x] = LatentValue(image, Latent, c, y, x);
                }
            }
        }
    }
}

/// <summary>Decoder by nearest upsampling of the first three latent channels; can inject NaN on one call.</summary>
public sealed class FakeImageDecoder(LatentShape latent) : IImageDecoder
{
    public int ImageHeight => Latent.Height * 8;

    public int ImageWidth => Latent.Width * 8;

    public LatentShape Latent { get; } = latent;

    public int CallCount { get; private set; }

    public int NaNOnCall { get; set; }

    public void Decode(ReadOnlySpan<float> latent, Span<float> image)
    {
        CallCount++;
        for (int c = 0; c < 3; c++)
        {
            for (int y = 0; y < ImageHeight; y++)
            {
                for (int x = 0; x < ImageWidth; x++)
                {
                    image[(((c * ImageHeight) + y) * ImageWidth) + x] = latent[(((c * Latent.Height) + (y / 8)) * Latent.Width) + (x / 8)];
                }
            }
        }

        if (NaNOnCall == CallCount)
        {
            image[0] = float.PositiveInfinity;
        }
    }
}
