using System.Text.Json;
using StreamDiffusion.Onnx.Folders;
using StreamDiffusion.Onnx.Synthetic;

namespace StreamDiffusion.Onnx.Taesd;

/// <summary>
/// Pours real TAESD weights (diffusers AutoencoderTiny safetensors) into the TAESD graphs and installs them as a
/// model folder's vae_encoder/ and vae_decoder/, setting the manifest's latent scaling to 1.0 (TAESD latents are
/// already scaled) and image range to [-1, 1].
/// </summary>
public static class TaesdImporter
{
    /// <summary>
    /// Imports <paramref name="safetensorsPath"/> into <paramref name="modelFolder"/>. Refuses to replace existing VAE
    /// models unless <paramref name="replace"/>. Throws <see cref="ModelFolderException"/> listing every problem.
    /// </summary>
    public static void Import(string safetensorsPath, string modelFolder, bool replace)
    {
        ArgumentNullException.ThrowIfNull(safetensorsPath);
        ArgumentNullException.ThrowIfNull(modelFolder);
        var source = Path.GetFullPath(safetensorsPath);
        var root = Path.GetFullPath(modelFolder);
        var problems = new List<string>();
        if (!File.Exists(source))
        {
            problems.Add($"'{source}' does not exist; pass the diffusers TAESD weights (diffusion_pytorch_model.safetensors from madebyollin/taesd).");
        }

        var encoderPath = Path.Combine(root, "vae_encoder", "model.onnx");
        var decoderPath = Path.Combine(root, "vae_decoder", "model.onnx");
        if (!replace)
        {
            foreach (var existing in new[] { encoderPath, decoderPath }.Where(File.Exists))
            {
                problems.Add($"'{existing}' exists; pass --replace to swap this folder's VAE for TAESD.");
            }
        }

        if (problems.Count > 0)
        {
            throw new ModelFolderException(root, problems);
        }

        IReadOnlyDictionary<string, SafetensorsTensor> weights;
        try
        {
            weights = SafetensorsFile.Read(source);
        }
        catch (Exception e) when (e is InvalidDataException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new ModelFolderException(root, [$"'{source}' could not be read as safetensors: {e.Message}"]);
        }

        TaesdGraph.Check(weights, TaesdGraph.EncoderKeys, source, problems);
        TaesdGraph.Check(weights, TaesdGraph.DecoderKeys, source, problems);
        if (problems.Count > 0)
        {
            throw new ModelFolderException(root, problems);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(encoderPath)!);
        Directory.CreateDirectory(Path.GetDirectoryName(decoderPath)!);
        OnnxGraphBuilder.Save(TaesdGraph.BuildEncoder(weights), encoderPath, externalData: false);
        OnnxGraphBuilder.Save(TaesdGraph.BuildDecoder(weights), decoderPath, externalData: false);
        RemoveStale(encoderPath + ".data");
        RemoveStale(decoderPath + ".data");
        WriteManifest(root);
    }

    private static void RemoveStale(string externalData)
    {
        if (File.Exists(externalData))
        {
            File.Delete(externalData);
        }
    }

    private static void WriteManifest(string root)
    {
        var path = Path.Combine(root, ModelManifest.FileName);
        var manifest = File.Exists(path)
            ? JsonSerializer.Deserialize<ModelManifest>(File.ReadAllBytes(path), ModelManifest.JsonOptions) ?? new ModelManifest()
            : new ModelManifest();
        manifest = manifest with { LatentScaling = 1.0f, ImageRange = "[-1,1]" };
        File.WriteAllText(path, JsonSerializer.Serialize(manifest, ModelManifest.JsonOptions));
    }
}
