using StreamDiffusion.Core.Models;
using StreamDiffusion.Onnx.Folders;
using StreamDiffusion.Onnx.Sessions;
using StreamDiffusion.Onnx.Synthetic;

namespace StreamDiffusion.Onnx.Tests.Sessions;

/// <summary>
/// One img2img denoising step by hand through the four real sessions (the Core pipeline does this for real):
/// the near-identity family must give back an image close to its input, the other family must not.
/// </summary>
public sealed class NearIdentityDenoiseTests
{
    private const int Size = 64;

    // Bounds measured on this builder: the residual is the blurred noise √((1−ᾱ)/ᾱ)·blur(ε) plus the 8×8 cells.
    [Theory]
    [InlineData(SyntheticFamily.SdTurboLike, false, 99, 0.15)]
    [InlineData(SyntheticFamily.Sd15Like, true, 99, 0.15)]
    [InlineData(SyntheticFamily.SdTurboLike, false, 299, 0.25)]
    public void Noised_and_denoised_frame_resembles_the_input(SyntheticFamily family, bool float16, int t, double bound)
    {
        var difference = DenoiseOnce(new SyntheticModelOptions { Family = family, Float16Io = float16 }, t);

        Assert.True(difference < bound, $"mean |output − input| = {difference}");
    }

    [Fact]
    public void Family_that_is_not_near_identity_changes_the_frame()
    {
        var near = DenoiseOnce(new SyntheticModelOptions(), 99);
        var far = DenoiseOnce(new SyntheticModelOptions { NearIdentity = false }, 99);

        Assert.True(far > 2 * near, $"mean |output − input|: near-identity {near}, other {far}");
    }

    // x_t = √ᾱ·z + √(1−ᾱ)·ε at timestep t of the LCM grid, then x̂₀ = (x_t − √(1−ᾱ)·ε̂)/√ᾱ.
    private static double DenoiseOnce(SyntheticModelOptions options, int t)
    {
        using var folder = new TempFolder("denoise");
        SyntheticModelFolder.Write(folder.Path, options);
        using var pool = new SessionPool();
        using var loaded = ModelFolder.Load(folder.Path, new ModelLoadOptions { ImageWidth = Size, ImageHeight = Size }, pool);
        var models = loaded.Models;
        var image = TestImages.Gradient(Size);
        var latent = new float[models.Unet.Latent.Length];
        models.ImageEncoder.Encode(image, latent);

        var alphaBar = AlphaBar(t);
        var random = new Random(3);
        var noisy = new float[latent.Length];
        for (var i = 0; i < latent.Length; i++)
        {
            var gaussian = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            noisy[i] = (float)((Math.Sqrt(alphaBar) * latent[i] * models.LatentScalingFactor) + (Math.Sqrt(1 - alphaBar) * gaussian));
        }

        var text = new float[models.TextEncoder.SequenceLength * models.TextEncoder.EmbeddingWidth];
        models.TextEncoder.Encode("a photo of a cat", text);
        var epsilon = new float[noisy.Length];
        models.Unet.Predict(new UnetBatch { Rows = 1, Latents = noisy, Timesteps = [t], TextEmbeddings = text, GuidanceScale = 1 }, epsilon);

        var denoised = new float[noisy.Length];
        for (var i = 0; i < noisy.Length; i++)
        {
            denoised[i] = (float)((noisy[i] - (Math.Sqrt(1 - alphaBar) * epsilon[i])) / Math.Sqrt(alphaBar) / models.LatentScalingFactor);
        }

        var output = new float[image.Length];
        models.ImageDecoder.Decode(denoised, output);
        return TestImages.MeanAbsoluteDifference(image, output);
    }

    private static double AlphaBar(int t)
    {
        double alphaBar = 1, start = Math.Sqrt(0.00085), end = Math.Sqrt(0.012);
        for (var i = 0; i <= t; i++)
        {
            var root = start + (i * (end - start) / 999);
            alphaBar *= 1 - (root * root);
        }

        return alphaBar;
    }
}
