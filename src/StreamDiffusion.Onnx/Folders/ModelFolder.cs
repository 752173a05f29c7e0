using System.Globalization;
using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using Onnx;
using StreamDiffusion.Core.Models;
using StreamDiffusion.Onnx.Sessions;
using StreamDiffusion.Onnx.Tokenization;

namespace StreamDiffusion.Onnx.Folders;

/// <summary>
/// Loads a model folder in the Hugging Face ONNX layout (tokenizer/, text_encoder/, unet/, vae_encoder/,
/// vae_decoder/, optional sdbroadcast-model.json). Validates everything first and reports every problem at once,
/// each with its path; then binds the four models for one pipeline state.
/// </summary>
public static class ModelFolder
{
    /// <summary>Latent scaling of the SD 1.x/2.x KL-VAE, assumed without a manifest.</summary>
    public const float KlVaeLatentScaling = 0.18215f;

    /// <summary>Model components and their sub-folders.</summary>
    public static IReadOnlyList<string> Components { get; } = ["text_encoder", "unet", "vae_encoder", "vae_decoder"];

    /// <summary>
    /// Loads <paramref name="folder"/> for <paramref name="options"/>, sharing sessions through <paramref name="pool"/>.
    /// Throws <see cref="ModelFolderException"/> listing every problem found.
    /// </summary>
    public static LoadedModelFolder Load(string folder, ModelLoadOptions options, SessionPool pool)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(pool);
        var root = Path.GetFullPath(folder);
        if (!Directory.Exists(root))
        {
            throw new ModelFolderException(root, [$"The model folder '{root}' does not exist. Point the channel's model setting at a folder holding text_encoder/, unet/, vae_encoder/, vae_decoder/ and tokenizer/."]);
        }

        var problems = new List<string>();
        var assumptions = new List<string>();
        var warnings = new List<string>();
        CheckOptions(options, problems);
        if (problems.Count > 0)
        {
            throw new ModelFolderException(root, problems);
        }

        var latent = new LatentShape(4, options.ImageHeight / 8, options.ImageWidth / 8);
        var manifest = ReadManifest(root, problems);
        var latentScaling = manifest?.LatentScaling ?? KlVaeLatentScaling;
        var decoderPath = Path.Combine(root, "vae_decoder", "model.onnx");
        if (manifest?.LatentScaling is null)
        {
            if (File.Exists(decoderPath) && LooksLikeTaesd(decoderPath))
            {
                latentScaling = 1.0f;
                assumptions.Add($"latent scaling 1.0 (TAESD): no latentScaling in {ModelManifest.FileName}, and '{decoderPath}' has TAESD's tanh latent clamp and no normalization layers.");
            }
            else
            {
                assumptions.Add($"latent scaling {KlVaeLatentScaling.ToString(CultureInfo.InvariantCulture)} (SD KL-VAE): no latentScaling in {ModelManifest.FileName}; a TAESD folder must state 1.0.");
            }
        }

        var range = ParseRange(manifest?.ImageRange, root, problems);
        if (manifest?.ImageRange is null)
        {
            assumptions.Add($"image range [-1,1] (diffusers VAE): no imageRange in {ModelManifest.FileName}.");
        }

        var paths = Components.ToDictionary(c => c, c => Path.Combine(root, c, "model.onnx"));
        foreach (var (component, path) in paths)
        {
            if (!File.Exists(path))
            {
                problems.Add($"'{path}' is missing: every model folder needs {component}/model.onnx (Hugging Face ONNX layout).");
            }
        }

        ClipTokenizer? tokenizer = null;
        try
        {
            tokenizer = ClipTokenizer.Load(Path.Combine(root, "tokenizer"));
            if (manifest?.PadToken is { } manifestPad && manifestPad != tokenizer.PadToken)
            {
                problems.Add($"'{Path.Combine(root, ModelManifest.FileName)}' says pad token '{manifestPad}' but '{tokenizer.PadSource}' says '{tokenizer.PadToken}'; make them agree (SD 2.x / sd-turbo pad with '!', SD 1.x with '<|endoftext|>').");
            }
            else if (!tokenizer.PadSource.EndsWith(".json", StringComparison.Ordinal))
            {
                assumptions.Add($"pad token: {tokenizer.PadSource}.");
            }
        }
        catch (ModelFolderException e)
        {
            problems.AddRange(e.Problems);
        }

        var leases = new Dictionary<string, SessionLease>(StringComparer.Ordinal);
        try
        {
            var shapeKey = $"{options.ImageWidth}x{options.ImageHeight}r{options.MaxUnetRows}";
            foreach (var (component, path) in paths)
            {
                if (!File.Exists(path))
                {
                    continue;
                }

                try
                {
                    leases[component] = pool.Acquire(path, options.Provider, shapeKey);
                }
                catch (OnnxRuntimeException e)
                {
                    problems.Add($"'{path}' could not be loaded by ONNX Runtime: {e.Message.Trim()} (is a model.onnx.data file missing beside it, or the file truncated?)");
                }
            }

            var text = Read(leases, "text_encoder", problems, g => TextEncoderSignature.Read(g, ClipTokenizer.SequenceLength));
            var unet = Read(leases, "unet", problems, g => UnetSignature.Read(g, leases["unet"].ModelPath, latent, options.MaxUnetRows));
            var encoder = Read(leases, "vae_encoder", problems, g => VaeSignature.ReadEncoder(g, options.ImageHeight, options.ImageWidth, latent));
            var decoder = Read(leases, "vae_decoder", problems, g => VaeSignature.ReadDecoder(g, options.ImageHeight, options.ImageWidth, latent));

            var width = ResolveEmbeddingWidth(text, unet, paths, problems);
            var samples = encoder is not null && SamplesInGraph(paths["vae_encoder"]);
            if (samples)
            {
                warnings.Add($"'{paths["vae_encoder"]}' draws its latent at random inside the graph (RandomNormal): the same frame encodes differently every time, so output flickers and the similarity filter sees change. Prefer an export whose encoder outputs the mean or latent_parameters.");
            }

            if (problems.Count > 0 || tokenizer is null || text is null || unet is null || encoder is null || decoder is null)
            {
                throw new ModelFolderException(root, problems);
            }

            var loaded = new LoadedModelFolder(
                root, manifest, tokenizer,
                new OnnxTextEncoder(leases["text_encoder"], text, tokenizer, width),
                new OnnxUnet(leases["unet"], unet, latent, ClipTokenizer.SequenceLength, width, options.MaxUnetRows),
                new OnnxImageEncoder(leases["vae_encoder"], encoder, options.ImageHeight, options.ImageWidth, latent, range, samples),
                new OnnxImageDecoder(leases["vae_decoder"], decoder, options.ImageHeight, options.ImageWidth, latent, range),
                latentScaling, range, assumptions, warnings,
                [
                    $"text_encoder: {text.InputIds} {text.InputIdsType} [1,{text.SequenceLength}] → {text.Hidden} {text.HiddenType} [1,{text.SequenceLength},{width}]; pad '{tokenizer.PadToken}' = {tokenizer.PadId} ({tokenizer.PadSource})",
                    $"unet: {unet.Sample} {unet.SampleType}, {unet.Timestep} {unet.TimestepType} {(unet.TimestepIsScalar ? "rank 0" : "[rows]")}, {unet.Text} {unet.TextType}" +
                        (unet.TimestepCond is null ? "" : $", {unet.TimestepCond} {unet.TimestepCondType} [rows,{unet.TimestepCondWidth}] (LCM guidance embedding)") +
                        $" → {unet.Output} {unet.OutputType}; up to {options.MaxUnetRows} rows",
                    $"vae_encoder: {encoder.Input} {encoder.InputType} → {encoder.Output} {encoder.OutputType} with {encoder.OutputChannels} channels" +
                        (encoder.OutputChannels == 8 ? " (mean ‖ log-variance: the mean is used)" : samples ? " (sampled inside the graph)" : ""),
                    $"vae_decoder: {decoder.Input} {decoder.InputType} → {decoder.Output} {decoder.OutputType}; latent scaling {latentScaling.ToString(CultureInfo.InvariantCulture)}, image range {(range == ImageRange.ZeroToOne ? "[0,1]" : "[-1,1]")}",
                ]);
            leases.Clear();
            return loaded;
        }
        finally
        {
            foreach (var lease in leases.Values)
            {
                lease.Dispose();
            }
        }
    }

    private static void CheckOptions(ModelLoadOptions options, List<string> problems)
    {
        if (options.ImageWidth <= 0 || options.ImageWidth % 8 != 0 || options.ImageHeight <= 0 || options.ImageHeight % 8 != 0)
        {
            problems.Add($"Resolution {options.ImageWidth}×{options.ImageHeight} is not a positive multiple of 8 on both sides; the VAE works in 8×8 pixel cells (use 512×512).");
        }

        if (options.MaxUnetRows < 1)
        {
            problems.Add($"MaxUnetRows is {options.MaxUnetRows}; a UNet call carries at least 1 row.");
        }
    }

    private static T? Read<T>(Dictionary<string, SessionLease> leases, string component, List<string> problems, Func<GraphInputs, T?> read)
        where T : class =>
        leases.TryGetValue(component, out var lease) ? read(new GraphInputs(lease.ModelPath, lease.Session, problems)) : null;

    private static int ResolveEmbeddingWidth(TextEncoderSignature? text, UnetSignature? unet, Dictionary<string, string> paths, List<string> problems)
    {
        var fromText = text?.EmbeddingWidth ?? -1;
        var fromUnet = unet?.EmbeddingWidth ?? -1;
        if (fromText > 0 && fromUnet > 0 && fromText != fromUnet)
        {
            problems.Add($"'{paths["text_encoder"]}' writes {fromText}-wide embeddings but '{paths["unet"]}' reads {fromUnet}-wide ones; the text encoder and UNet come from different models.");
        }

        var width = fromText > 0 ? fromText : fromUnet;
        if (width <= 0 && text is not null && unet is not null)
        {
            problems.Add($"Neither '{paths["text_encoder"]}' nor '{paths["unet"]}' fixes the text embedding width (768 or 1024); re-export with a fixed hidden size.");
        }

        return width;
    }

    private static ModelManifest? ReadManifest(string root, List<string> problems)
    {
        var path = Path.Combine(root, ModelManifest.FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            var manifest = JsonSerializer.Deserialize<ModelManifest>(File.ReadAllBytes(path), ModelManifest.JsonOptions);
            if (manifest is null)
            {
                problems.Add($"'{path}' is empty; write a JSON object or delete the file.");
                return null;
            }

            if (manifest.LatentScaling is { } scaling && !(scaling > 0 && float.IsFinite(scaling)))
            {
                problems.Add($"'{path}': latentScaling {scaling.ToString(CultureInfo.InvariantCulture)} must be a positive number (0.18215 for the SD KL-VAE, 1.0 for TAESD).");
            }

            if (manifest.SchemaVersion != 1)
            {
                problems.Add($"'{path}': schemaVersion {manifest.SchemaVersion} is not supported; this version reads 1.");
            }

            return manifest;
        }
        catch (JsonException e)
        {
            problems.Add($"'{path}' is not a valid manifest: {e.Message} Fields: schemaVersion, family, latentScaling, imageRange, padToken, licence.");
            return null;
        }
    }

    private static ImageRange ParseRange(string? text, string root, List<string> problems)
    {
        switch (text?.Replace(" ", "", StringComparison.Ordinal))
        {
            case null or "[-1,1]":
                return ImageRange.MinusOneToOne;
            case "[0,1]":
                return ImageRange.ZeroToOne;
            default:
                problems.Add($"'{Path.Combine(root, ModelManifest.FileName)}': imageRange '{text}' is not \"[-1,1]\" or \"[0,1]\".");
                return ImageRange.MinusOneToOne;
        }
    }

    // Legacy exports bake latent_dist.sample() into the graph; the random op is the tell.
    private static bool SamplesInGraph(string modelPath) =>
        OperatorTypes(modelPath).Any(op => op.StartsWith("Random", StringComparison.Ordinal));

    // TAESD's decoder opens with tanh(x/3)·3 and has no normalization; the KL-VAE decoder is full of GroupNorms
    // (exported as GroupNormalization, or InstanceNormalization between reshapes).
    private static bool LooksLikeTaesd(string decoderPath)
    {
        var ops = OperatorTypes(decoderPath);
        return ops.Contains("Tanh") && !ops.Contains("GroupNormalization") && !ops.Contains("InstanceNormalization") &&
               !ops.Contains("LayerNormalization");
    }

    private static HashSet<string> OperatorTypes(string modelPath)
    {
        try
        {
            using var stream = File.OpenRead(modelPath);
            var model = ModelProto.Parser.ParseFrom(stream);
            return [.. model.Graph.Node.Select(n => n.OpType)];
        }
        catch (Exception e) when (e is Google.Protobuf.InvalidProtocolBufferException or IOException)
        {
            return [];
        }
    }
}
