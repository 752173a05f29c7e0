using Microsoft.ML.OnnxRuntime;
using StreamDiffusion.Core.Models;
using StreamDiffusion.Onnx.Folders;
using StreamDiffusion.Onnx.Synthetic;

namespace StreamDiffusion.Onnx.Sessions;

/// <summary>
/// Runs a synthetic model folder (with the cost-realistic UNet, so convolutions, attention and resizes are exercised)
/// on a provider and on CPU with the same inputs and compares every output. Lets the first GPU install verify itself
/// (<c>sdbroadcast check --provider cuda</c>).
/// </summary>
public static class ProviderSelfCheck
{
    private const int Size = 64;

    /// <summary>Checks <paramref name="provider"/> against CPU; differences above <paramref name="tolerance"/> fail.</summary>
    public static ProviderCheckResult Run(ExecutionProviderSettings provider, double tolerance = 1e-3)
    {
        ArgumentNullException.ThrowIfNull(provider);
        var folder = Path.Combine(Path.GetTempPath(), "sdb-provider-check-" + Guid.NewGuid().ToString("N"));
        try
        {
            SyntheticModelFolder.Write(folder, new SyntheticModelOptions { BenchmarkUnetWidth = 16 });
            var load = new ModelLoadOptions { ImageWidth = Size, ImageHeight = Size, MaxUnetRows = 2 };
            using var cpuPool = new SessionPool();
            using var providerPool = new SessionPool();
            using var cpu = ModelFolder.Load(folder, load, cpuPool);
            LoadedModelFolder onProvider;
            try
            {
                onProvider = ModelFolder.Load(folder, load with { Provider = provider }, providerPool);
            }
            catch (ExecutionProviderException e)
            {
                return new ProviderCheckResult(provider.Name, false, double.NaN, e.Message);
            }

            using (onProvider)
            {
                var expected = RunAll(cpu.Models);
                var actual = RunAll(onProvider.Models);
                double worst = 0;
                for (var i = 0; i < expected.Length; i++)
                {
                    var difference = Math.Abs(expected[i] - actual[i]);
                    worst = double.IsNaN(difference) ? double.PositiveInfinity : Math.Max(worst, difference);
                }

                var passed = worst <= tolerance;
                return new ProviderCheckResult(provider.Name, passed, worst, passed
                    ? $"Provider '{provider.Name}' ran text encoder, VAE encoder, UNet (2 rows) and VAE decoder; largest difference from CPU {worst:G3} (tolerance {tolerance:G3})."
                    : $"Provider '{provider.Name}' differs from CPU by up to {worst:G3}, above the tolerance {tolerance:G3}; check the driver and the provider options (e.g. disable TF32 or fp16 for this check).");
            }
        }
        catch (OnnxRuntimeException e)
        {
            return new ProviderCheckResult(provider.Name, false, double.NaN, $"Provider '{provider.Name}' failed while running the synthetic models: {e.Message}");
        }
        finally
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // A temp folder left behind is harmless.
            }
        }
    }

    // Concatenates every model's output for one fixed input set.
    private static float[] RunAll(DiffusionModels models)
    {
        var text = new float[models.TextEncoder.SequenceLength * models.TextEncoder.EmbeddingWidth];
        models.TextEncoder.Encode("a photo of a cat", text);
        var image = new float[3 * Size * Size];
        for (var i = 0; i < image.Length; i++)
        {
            image[i] = MathF.Sin(i * 0.05f);
        }

        var latent = new float[models.ImageEncoder.Latent.Length];
        models.ImageEncoder.Encode(image, latent);
        var latents = new float[2 * latent.Length];
        latent.CopyTo(latents, 0);
        latent.CopyTo(latents, latent.Length);
        var texts = new float[2 * text.Length];
        text.CopyTo(texts, 0);
        text.CopyTo(texts, text.Length);
        var noise = new float[latents.Length];
        models.Unet.Predict(new UnetBatch { Rows = 2, Latents = latents, Timesteps = [800, 200], TextEmbeddings = texts, GuidanceScale = 1 }, noise);
        var decoded = new float[image.Length];
        models.ImageDecoder.Decode(latent, decoded);
        return [.. text, .. latent, .. noise, .. decoded];
    }
}
