using StreamDiffusion.Core.Models;
using StreamDiffusion.Onnx.Folders;
using StreamDiffusion.Onnx.Sessions;
using StreamDiffusion.Onnx.Synthetic;

namespace StreamDiffusion.Onnx.Tests.Folders;

/// <summary>The loader over every synthetic variant, run through real ONNX Runtime CPU sessions.</summary>
public sealed class ModelFolderLoadTests
{
    private const int Size = 64;

    [Theory]
    [MemberData(nameof(SyntheticVariants.Names), MemberType = typeof(SyntheticVariants))]
    public void Every_variant_loads_and_runs_all_four_models(string variant)
    {
        var options = SyntheticVariants.All[variant];
        using var folder = new TempFolder("load");
        SyntheticModelFolder.Write(folder.Path, options);
        Assert.Equal(options.ExternalData, File.Exists(folder.Combine("unet", "model.onnx.data")));
        using var pool = new SessionPool();
        var rows = options.Timestep == SyntheticTimestep.FloatScalar ? 1 : 2;

        using var loaded = ModelFolder.Load(folder.Path, new ModelLoadOptions { ImageWidth = Size, ImageHeight = Size, MaxUnetRows = rows }, pool);
        var models = loaded.Models;

        Assert.Equal(options.EmbeddingWidth, models.TextEncoder.EmbeddingWidth);
        Assert.Equal(options.EmbeddingWidth, models.Unet.EmbeddingWidth);
        Assert.Equal(new LatentShape(4, Size / 8, Size / 8), models.Unet.Latent);
        Assert.Equal(options.Family == SyntheticFamily.SdTurboLike ? 0 : 513, loaded.Tokenizer.PadId);
        Assert.Equal(0.18215f, models.LatentScalingFactor);

        var embeddings = new float[77 * options.EmbeddingWidth];
        models.TextEncoder.Encode("a photo of a cat", embeddings);
        Assert.All(embeddings, v => Assert.True(float.IsFinite(v)));
        Assert.Contains(embeddings, v => v != 0);

        var image = TestImages.Gradient(Size);
        var latent = new float[models.ImageEncoder.Latent.Length];
        models.ImageEncoder.Encode(image, latent);
        Assert.All(latent, v => Assert.True(float.IsFinite(v)));

        var latents = new float[rows * latent.Length];
        var text = new float[rows * embeddings.Length];
        for (var r = 0; r < rows; r++)
        {
            latent.CopyTo(latents, r * latent.Length);
            embeddings.CopyTo(text, r * embeddings.Length);
        }

        var noise = new float[latents.Length];
        float[] timesteps = rows == 1 ? [499] : [799, 399];
        models.Unet.Predict(new UnetBatch { Rows = rows, Latents = latents, Timesteps = timesteps, TextEmbeddings = text, GuidanceScale = 1.5f }, noise);
        Assert.All(noise, v => Assert.True(float.IsFinite(v)));

        var decoded = new float[image.Length];
        models.ImageDecoder.Decode(latent, decoded);
        Assert.All(decoded, v => Assert.InRange(v, -1f, 1f));
        Assert.Equal(options.EncoderOutput == SyntheticEncoderOutput.Sampling, loaded.ImageEncoder.SamplesInGraph);
        Assert.Equal(options.EncoderOutput == SyntheticEncoderOutput.Sampling, loaded.Warnings.Any(w => w.Contains("at random", StringComparison.Ordinal)));
        Assert.Equal(!options.WriteManifest, loaded.Assumptions.Any(a => a.Contains("latent scaling", StringComparison.Ordinal)));
        Assert.Equal(4, loaded.Findings.Count);
        Assert.Contains(options.InputIdsInt64 ? "input_ids Int64" : "input_ids Int32", loaded.Findings[0], StringComparison.Ordinal);
        Assert.Contains(options.Timestep == SyntheticTimestep.FloatScalar ? "rank 0" : "[rows]", loaded.Findings[1], StringComparison.Ordinal);
        Assert.Contains($"→ {options.UnetOutputName} {(options.Float16Io ? "Float16" : "Float")}", loaded.Findings[1], StringComparison.Ordinal);
        Assert.Equal(options.TimestepCond, loaded.Findings[1].Contains("timestep_cond", StringComparison.Ordinal));
        Assert.Equal(options.EncoderOutput == SyntheticEncoderOutput.LatentParameters, loaded.Findings[2].Contains("the mean is used", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Near_identity_vae_round_trip_resembles_the_input(bool float16)
    {
        using var folder = new TempFolder("vae");
        SyntheticModelFolder.Write(folder.Path, new SyntheticModelOptions { Float16Io = float16 });
        using var pool = new SessionPool();
        using var loaded = ModelFolder.Load(folder.Path, new ModelLoadOptions { ImageWidth = Size, ImageHeight = Size }, pool);
        var image = TestImages.Gradient(Size);
        var latent = new float[loaded.ImageEncoder.Latent.Length];
        var decoded = new float[image.Length];

        loaded.ImageEncoder.Encode(image, latent);
        loaded.ImageDecoder.Decode(latent, decoded);

        // The synthetic VAE keeps one colour per 8×8 cell; a smooth gradient survives that within 8 px of slope.
        Assert.True(TestImages.MeanAbsoluteDifference(image, decoded) < 0.08, $"mean |Δ| = {TestImages.MeanAbsoluteDifference(image, decoded)}");
    }

    [Fact]
    public void Latent_parameters_encoder_gives_the_mean_only()
    {
        using var plain = new TempFolder("mean");
        using var parameters = new TempFolder("params");
        SyntheticModelFolder.Write(plain.Path, new SyntheticModelOptions());
        SyntheticModelFolder.Write(parameters.Path, new SyntheticModelOptions { EncoderOutput = SyntheticEncoderOutput.LatentParameters });
        using var pool = new SessionPool();
        var load = new ModelLoadOptions { ImageWidth = Size, ImageHeight = Size };
        using var a = ModelFolder.Load(plain.Path, load, pool);
        using var b = ModelFolder.Load(parameters.Path, load, pool);
        var image = TestImages.Gradient(Size);
        var meanA = new float[a.ImageEncoder.Latent.Length];
        var meanB = new float[meanA.Length];

        a.ImageEncoder.Encode(image, meanA);
        b.ImageEncoder.Encode(image, meanB);

        Assert.Equal(meanA, meanB);
    }

    [Fact]
    public void Fp16_and_fp32_exports_agree_within_half_precision()
    {
        using var fp32 = new TempFolder("fp32");
        using var fp16 = new TempFolder("fp16");
        SyntheticModelFolder.Write(fp32.Path, new SyntheticModelOptions { Family = SyntheticFamily.Sd15Like, TimestepCond = true });
        SyntheticModelFolder.Write(fp16.Path, new SyntheticModelOptions { Family = SyntheticFamily.Sd15Like, TimestepCond = true, Float16Io = true });
        using var pool = new SessionPool();
        var load = new ModelLoadOptions { ImageWidth = Size, ImageHeight = Size, MaxUnetRows = 2 };
        using var a = ModelFolder.Load(fp32.Path, load, pool);
        using var b = ModelFolder.Load(fp16.Path, load, pool);

        var noiseA = RunUnet(a.Unet, [700, 300], 4f);
        var noiseB = RunUnet(b.Unet, [700, 300], 4f);

        for (var i = 0; i < noiseA.Length; i++)
        {
            Assert.True(Math.Abs(noiseA[i] - noiseB[i]) <= 0.01f + (0.005f * Math.Abs(noiseA[i])), $"element {i}: fp32 {noiseA[i]} vs fp16 {noiseB[i]}");
        }
    }

    [Fact]
    public void Each_row_uses_its_own_timestep()
    {
        using var folder = new TempFolder("rows");
        SyntheticModelFolder.Write(folder.Path, new SyntheticModelOptions());
        using var pool = new SessionPool();
        using var loaded = ModelFolder.Load(folder.Path, new ModelLoadOptions { ImageWidth = Size, ImageHeight = Size, MaxUnetRows = 2 }, pool);

        var batched = RunUnet(loaded.Unet, [900, 100], 1f);
        var first = RunUnet(loaded.Unet, [900], 1f);
        var second = RunUnet(loaded.Unet, [100], 1f);

        // Batched reductions may sum in another order: equal within float rounding, not bit for bit.
        AssertClose(first, batched[..first.Length]);
        AssertClose(second, batched[first.Length..]);
        Assert.True(TestImages.MeanAbsoluteDifference(first, second) > 0.1, "rows at timesteps 900 and 100 must differ");
    }

    [Fact]
    public void Guidance_scale_reaches_an_lcm_unet_through_timestep_cond()
    {
        using var folder = new TempFolder("cond");
        SyntheticModelFolder.Write(folder.Path, new SyntheticModelOptions { Family = SyntheticFamily.Sd15Like, TimestepCond = true });
        using var pool = new SessionPool();
        using var loaded = ModelFolder.Load(folder.Path, new ModelLoadOptions { ImageWidth = Size, ImageHeight = Size }, pool);

        Assert.True(loaded.Unet.HasTimestepCond);
        var low = RunUnet(loaded.Unet, [500], 1.2f);
        var high = RunUnet(loaded.Unet, [500], 8f);
        var lowAgain = RunUnet(loaded.Unet, [500], 1.2f);

        Assert.NotEqual(low, high);
        Assert.Equal(low, lowAgain);
    }

    [Fact]
    public void Same_model_in_two_channels_shares_one_session_per_component()
    {
        using var folder = new TempFolder("share");
        SyntheticModelFolder.Write(folder.Path, new SyntheticModelOptions());
        using var pool = new SessionPool();
        var load = new ModelLoadOptions { ImageWidth = Size, ImageHeight = Size };

        var first = ModelFolder.Load(folder.Path, load, pool);
        var second = ModelFolder.Load(folder.Path, load, pool);
        Assert.Equal(4, pool.OpenSessions);
        using (var other = ModelFolder.Load(folder.Path, load with { MaxUnetRows = 2 }, pool))
        {
            Assert.Equal(8, pool.OpenSessions);
        }

        first.Dispose();
        Assert.Equal(4, pool.OpenSessions);
        second.Dispose();
        Assert.Equal(0, pool.OpenSessions);
    }

    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) < 1e-4f, $"element {i}: {expected[i]} vs {actual[i]}");
        }
    }

    internal static float[] RunUnet(IUnet unet, float[] timesteps, float guidance)
    {
        var rows = timesteps.Length;
        var latents = new float[rows * unet.Latent.Length];
        var text = new float[rows * unet.SequenceLength * unet.EmbeddingWidth];
        var random = new Random(7);
        for (var i = 0; i < unet.Latent.Length; i++)
        {
            var v = (random.NextSingle() * 2) - 1;
            for (var r = 0; r < rows; r++)
            {
                latents[(r * unet.Latent.Length) + i] = v;
            }
        }

        for (var i = 0; i < text.Length; i++)
        {
            text[i] = MathF.Sin(i * 0.01f);
        }

        var noise = new float[latents.Length];
        unet.Predict(new UnetBatch { Rows = rows, Latents = latents, Timesteps = timesteps, TextEmbeddings = text, GuidanceScale = guidance }, noise);
        return noise;
    }
}
