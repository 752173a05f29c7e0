using System.CommandLine;
using StreamDiffusion.Onnx.Folders;
using StreamDiffusion.Onnx.Taesd;

namespace StreamDiffusion.Broadcast.Cli.Verbs;

/// <summary><c>sdbroadcast models import-taesd</c>: model folder tools.</summary>
internal static class ModelsVerb
{
    /// <summary>Creates the verb with its sub-verbs.</summary>
    public static Command Create()
    {
        var models = new Command("models", "Model folder tools.");
        models.Subcommands.Add(ImportTaesd());
        return models;
    }

    private static Command ImportTaesd()
    {
        var weights = new Argument<string>("safetensors") { Description = "TAESD weights in diffusers format (madebyollin/taesd diffusion_pytorch_model.safetensors)." };
        var folder = new Argument<string>("folder") { Description = "The model folder whose vae_encoder/ and vae_decoder/ receive TAESD." };
        var replace = new Option<bool>("--replace") { Description = "Replace an existing VAE in the folder." };
        var command = new Command("import-taesd", "Build TAESD encoder and decoder ONNX graphs from safetensors weights into a model folder (latent scaling 1.0).")
        {
            weights,
            folder,
            replace,
        };
        command.SetAction(parseResult =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var target = parseResult.GetValue(folder)!;
            try
            {
                TaesdImporter.Import(parseResult.GetValue(weights)!, target, parseResult.GetValue(replace));
            }
            catch (ModelFolderException e)
            {
                error.WriteLine($"sdbroadcast models import-taesd: {e.Message}");
                return ExitCodes.Failed;
            }

            output.WriteLine($"TAESD written to '{Path.Combine(Path.GetFullPath(target), "vae_encoder")}' and 'vae_decoder'; {ModelManifest.FileName} now says latentScaling 1.0.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
