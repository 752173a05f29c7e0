using System.Text.Json;
using Microsoft.ML.OnnxRuntime.Tensors;
using Onnx;
using StreamDiffusion.Onnx.Folders;

namespace StreamDiffusion.Onnx.Synthetic;

/// <summary>
/// Writes a complete synthetic model folder in the Hugging Face ONNX layout (tokenizer/, text_encoder/, unet/,
/// vae_encoder/, vae_decoder/ and the manifest) whose graphs have the real Stable Diffusion signatures but cost almost
/// nothing to run. Used by tests, the demo mode and benchmarks.
/// </summary>
public static class SyntheticModelFolder
{
    /// <summary>Latent channels of SD 1.x/2.x.</summary>
    public const int LatentChannels = 4;

    /// <summary>Width of LCM's guidance-scale embedding (<c>time_cond_proj_dim</c>).</summary>
    public const int TimestepCondWidth = 256;

    /// <summary>Latent scaling written in the manifest (SD KL-VAE).</summary>
    public const float LatentScaling = 0.18215f;

    private const int TrainTimesteps = 1000;

    /// <summary>
    /// Writes the folder. The tokenizer is copied from <paramref name="tokenizerSource"/> (a real CLIP tokenizer folder)
    /// when given, else a minimal byte-level vocabulary is written (<see cref="SyntheticClipVocabulary"/>).
    /// </summary>
    public static void Write(string folder, SyntheticModelOptions options, string? tokenizerSource = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.ImageSize <= 0 || options.ImageSize % 8 != 0)
        {
            throw new ArgumentException($"ImageSize {options.ImageSize} is not a positive multiple of 8; the VAE works in 8×8 pixel cells.", nameof(options));
        }

        Directory.CreateDirectory(folder);
        WriteTokenizer(Path.Combine(folder, "tokenizer"), options, tokenizerSource);
        Save(folder, "text_encoder", BuildTextEncoder(options), options);
        Save(folder, "unet", options.BenchmarkUnetWidth > 0 ? BenchmarkUnet.Build(options, options.BenchmarkUnetWidth) : BuildUnet(options), options);
        Save(folder, "vae_encoder", BuildImageEncoder(options), options);
        Save(folder, "vae_decoder", BuildImageDecoder(options), options);
        if (options.WriteManifest)
        {
            var manifest = new ModelManifest
            {
                Family = options.Family == SyntheticFamily.SdTurboLike ? "synthetic sd-turbo-like" : "synthetic sd1.5-like",
                LatentScaling = LatentScaling,
                ImageRange = "[-1,1]",
                PadToken = options.PadToken,
                Licence = "synthetic weights, no licence restrictions",
            };
            File.WriteAllText(Path.Combine(folder, ModelManifest.FileName), JsonSerializer.Serialize(manifest, ModelManifest.JsonOptions));
        }
    }

    /// <summary>
    /// Text encoder: <c>input_ids</c> [batch, sequence] (int32 or int64) → <c>last_hidden_state</c> [batch, sequence, D]
    /// = sin(id·a + b) per channel, and <c>pooler_output</c> [batch, D] (the mean over tokens).
    /// </summary>
    public static ModelProto BuildTextEncoder(SyntheticModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var io = IoType(options);
        var width = options.EmbeddingWidth;
        var random = new Random(options.Seed);
        var g = new OnnxGraphBuilder("text_encoder");
        var idsType = options.InputIdsInt64 ? TensorElementType.Int64 : TensorElementType.Int32;
        var ids = g.Input("input_ids", idsType, "batch", "sequence");
        var idsFloat = g.Cast(ids, idsType, TensorElementType.Float);
        var column = g.Node("Unsqueeze", [idsFloat, g.Int64s([-1], 1)]);
        var scaled = g.Node("Mul", [column, g.Floats(RandomVector(random, width, 0.001f, 0.05f), width)]);
        var shifted = g.Node("Add", [scaled, g.Floats(RandomVector(random, width, -3f, 3f), width)]);
        var hidden = g.Node("Sin", [shifted]);
        var pooled = g.Node("ReduceMean", [hidden], OnnxGraphBuilder.IntsAttribute("axes", 1), OnnxGraphBuilder.IntAttribute("keepdims", 0));
        g.Output("last_hidden_state", g.Cast(hidden, TensorElementType.Float, io), io, "batch", "sequence", width);
        g.Output("pooler_output", g.Cast(pooled, TensorElementType.Float, io), io, "batch", width);
        return g.Build();
    }

    /// <summary>
    /// UNet: <c>sample</c>, <c>timestep</c>, <c>encoder_hidden_states</c> (+ <c>timestep_cond</c>) → noise prediction
    /// ε̂ = (x − blur(x)) / √(1 − ᾱ_t) + γ·mean(text) + δ·mean(cond) (+ seeded channel mixing unless near-identity).
    /// ᾱ_t follows SD's scaled-linear β schedule (0.00085 … 0.012, 1000 steps), so LCM denoising gives back blur(x).
    /// </summary>
    public static ModelProto BuildUnet(SyntheticModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var io = IoType(options);
        var random = new Random(options.Seed + 1);
        var g = new OnnxGraphBuilder("unet");
        var sample = g.Cast(g.Input("sample", io, "batch", LatentChannels, "height", "width"), io, TensorElementType.Float);

        var timestepType = options.Timestep == SyntheticTimestep.Int64Vector ? TensorElementType.Int64 : io;
        var timestepShape = options.Timestep == SyntheticTimestep.FloatScalar ? Array.Empty<ShapeDim>() : [ShapeDim.FromString("batch")];
        var timestep = g.Cast(g.Input("timestep", timestepType, timestepShape), timestepType, TensorElementType.Float);
        var text = g.Cast(g.Input("encoder_hidden_states", io, "batch", "sequence", options.EmbeddingWidth), io, TensorElementType.Float);

        // 1 / √(1 − ᾱ_t), looked up per row and broadcast over [C, h, w].
        var clipped = g.Node("Clip", [timestep, g.Scalar(0), g.Scalar(TrainTimesteps - 1)]);
        var index = g.Node("Cast", [clipped], OnnxGraphBuilder.IntAttribute("to", (long)TensorElementType.Int64));
        var inverseNoiseScale = g.Node("Gather", [g.Floats(InverseNoiseScales(), TrainTimesteps), index]);
        var perRow = g.Node("Reshape", [inverseNoiseScale, g.Int64s([-1, 1, 1, 1], 4)]);

        var blurred = g.Node("AveragePool", [sample],
            OnnxGraphBuilder.IntsAttribute("kernel_shape", 3, 3),
            OnnxGraphBuilder.IntsAttribute("pads", 1, 1, 1, 1),
            OnnxGraphBuilder.IntsAttribute("strides", 1, 1),
            OnnxGraphBuilder.IntAttribute("count_include_pad", 0));
        var detail = g.Node("Sub", [sample, blurred]);
        var epsilon = g.Node("Mul", [detail, perRow]);

        var textGain = options.NearIdentity ? 0.01f : 2f;
        var textMean = g.Node("ReduceMean", [text], OnnxGraphBuilder.IntsAttribute("axes", 1, 2), OnnxGraphBuilder.IntAttribute("keepdims", 1));
        var textTerm = g.Node("Mul", [g.Node("Reshape", [textMean, g.Int64s([-1, 1, 1, 1], 4)]), g.Scalar(textGain)]);
        epsilon = g.Node("Add", [epsilon, textTerm]);

        if (options.TimestepCond)
        {
            var cond = g.Cast(g.Input("timestep_cond", io, "batch", TimestepCondWidth), io, TensorElementType.Float);
            var condMean = g.Node("ReduceMean", [cond], OnnxGraphBuilder.IntsAttribute("axes", 1), OnnxGraphBuilder.IntAttribute("keepdims", 1));
            var condTerm = g.Node("Mul", [g.Node("Reshape", [condMean, g.Int64s([-1, 1, 1, 1], 4)]), g.Scalar(textGain)]);
            epsilon = g.Node("Add", [epsilon, condTerm]);
        }

        if (!options.NearIdentity)
        {
            var mixing = RandomVector(random, LatentChannels * LatentChannels, -2f, 2f);
            epsilon = g.Node("Add", [epsilon, g.Node("Conv", [sample, g.Floats(mixing, LatentChannels, LatentChannels, 1, 1)])]);
        }

        g.Output(options.UnetOutputName, g.Cast(epsilon, TensorElementType.Float, io), io, "batch", LatentChannels, "height", "width");
        return g.Build();
    }

    /// <summary>
    /// VAE encoder: <c>sample</c> [batch, 3, H, W] in [-1, 1] → 8×8 average, channels (r, g, b, mean) ÷ 0.18215, so
    /// the scaled latent is a small copy of the image. Output as set by <see cref="SyntheticModelOptions.EncoderOutput"/>.
    /// </summary>
    public static ModelProto BuildImageEncoder(SyntheticModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var io = IoType(options);
        var g = new OnnxGraphBuilder("vae_encoder");
        var image = g.Cast(g.Input("sample", io, "batch", 3, "height", "width"), io, TensorElementType.Float);
        var pooled = g.Node("AveragePool", [image], OnnxGraphBuilder.IntsAttribute("kernel_shape", 8, 8), OnnxGraphBuilder.IntsAttribute("strides", 8, 8));
        var third = 1f / 3f / LatentScaling;
        var identity = 1f / LatentScaling;
        float[] weights =
        [
            identity, 0, 0,
            0, identity, 0,
            0, 0, identity,
            third, third, third,
        ];
        var mean = g.Node("Conv", [pooled, g.Floats(weights, LatentChannels, 3, 1, 1)]);
        switch (options.EncoderOutput)
        {
            case SyntheticEncoderOutput.LatentSample:
                g.Output("latent_sample", g.Cast(mean, TensorElementType.Float, io), io, "batch", LatentChannels, "latent_height", "latent_width");
                break;
            case SyntheticEncoderOutput.LatentParameters:
                var logVariance = g.Node("Add", [g.Node("Mul", [mean, g.Scalar(0)]), g.Scalar(-6)]);
                var parameters = g.Node("Concat", [mean, logVariance], OnnxGraphBuilder.IntAttribute("axis", 1));
                g.Output("latent_parameters", g.Cast(parameters, TensorElementType.Float, io), io, "batch", 2 * LatentChannels, "latent_height", "latent_width");
                break;
            case SyntheticEncoderOutput.Sampling:
                var noise = g.Node("RandomNormalLike", [mean]);
                var sampled = g.Node("Add", [mean, g.Node("Mul", [noise, g.Scalar(0.05f)])]);
                g.Output("latent_sample", g.Cast(sampled, TensorElementType.Float, io), io, "batch", LatentChannels, "latent_height", "latent_width");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(options), options.EncoderOutput, "Unknown encoder output.");
        }

        return g.Build();
    }

    /// <summary>
    /// VAE decoder: <c>latent_sample</c> [batch, 4, h, w] (unscaled) → (r, g, b) × 0.18215, nearest ×8 upsample,
    /// clipped to [-1, 1] → <c>sample</c> [batch, 3, 8h, 8w]. Inverse of the encoder up to the 8×8 averaging.
    /// </summary>
    public static ModelProto BuildImageDecoder(SyntheticModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var io = IoType(options);
        var g = new OnnxGraphBuilder("vae_decoder");
        var latent = g.Cast(g.Input("latent_sample", io, "batch", LatentChannels, "latent_height", "latent_width"), io, TensorElementType.Float);
        var s = LatentScaling;
        float[] weights =
        [
            s, 0, 0, 0,
            0, s, 0, 0,
            0, 0, s, 0,
        ];
        var rgb = g.Node("Conv", [latent, g.Floats(weights, 3, LatentChannels, 1, 1)]);
        var upsampled = g.Node("Resize", [rgb, "", g.Floats([1, 1, 8, 8], 4)], OnnxGraphBuilder.StringAttribute("mode", "nearest"));
        var clipped = g.Node("Clip", [upsampled, g.Scalar(-1), g.Scalar(1)]);
        g.Output("sample", g.Cast(clipped, TensorElementType.Float, io), io, "batch", 3, "height", "width");
        return g.Build();
    }

    private static TensorElementType IoType(SyntheticModelOptions options) =>
        options.Float16Io ? TensorElementType.Float16 : TensorElementType.Float;

    private static void Save(string folder, string component, ModelProto model, SyntheticModelOptions options)
    {
        var directory = Path.Combine(folder, component);
        Directory.CreateDirectory(directory);
        OnnxGraphBuilder.Save(model, Path.Combine(directory, "model.onnx"), options.ExternalData);
    }

    private static void WriteTokenizer(string folder, SyntheticModelOptions options, string? source)
    {
        if (source is null)
        {
            SyntheticClipVocabulary.Write(folder, options.PadToken);
            return;
        }

        Directory.CreateDirectory(folder);
        File.Copy(Path.Combine(source, "vocab.json"), Path.Combine(folder, "vocab.json"), overwrite: true);
        File.Copy(Path.Combine(source, "merges.txt"), Path.Combine(folder, "merges.txt"), overwrite: true);
        File.WriteAllText(
            Path.Combine(folder, "special_tokens_map.json"),
            JsonSerializer.Serialize(new Dictionary<string, object> { ["pad_token"] = new Dictionary<string, string> { ["content"] = options.PadToken } }));
    }

    // SD's "scaled_linear" schedule: β_i = (√0.00085 + i·(√0.012 − √0.00085)/999)², ᾱ_t = Π(1 − β_i).
    private static float[] InverseNoiseScales()
    {
        var scales = new float[TrainTimesteps];
        double alphaBar = 1;
        double start = Math.Sqrt(0.00085), end = Math.Sqrt(0.012);
        for (var t = 0; t < TrainTimesteps; t++)
        {
            var root = start + (t * (end - start) / (TrainTimesteps - 1));
            alphaBar *= 1 - (root * root);
            scales[t] = (float)(1 / Math.Sqrt(1 - alphaBar));
        }

        return scales;
    }

    private static float[] RandomVector(Random random, int length, float min, float max)
    {
        var values = new float[length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = min + ((max - min) * random.NextSingle());
        }

        return values;
    }
}
