using Microsoft.ML.OnnxRuntime.Tensors;
using StreamDiffusion.Onnx.Folders;
using StreamDiffusion.Onnx.Sessions;
using StreamDiffusion.Onnx.Synthetic;

namespace StreamDiffusion.Onnx.Tests.Folders;

/// <summary>Broken folders: the loader names every problem, with its path, in one exception.</summary>
public sealed class BrokenModelFolderTests
{
    private static readonly ModelLoadOptions s_load = new() { ImageWidth = 64, ImageHeight = 64 };

    [Fact]
    public void Missing_files_are_all_reported_at_once_with_their_paths()
    {
        using var folder = Written(new SyntheticModelOptions());
        File.Delete(folder.Combine("unet", "model.onnx"));
        File.Delete(folder.Combine("vae_decoder", "model.onnx"));
        File.Delete(folder.Combine("tokenizer", "merges.txt"));
        using var pool = new SessionPool();

        var error = Assert.Throws<ModelFolderException>(() => ModelFolder.Load(folder.Path, s_load, pool));

        Assert.Equal(3, error.Problems.Count);
        Assert.Contains(folder.Combine("unet", "model.onnx"), error.Message, StringComparison.Ordinal);
        Assert.Contains(folder.Combine("vae_decoder", "model.onnx"), error.Message, StringComparison.Ordinal);
        Assert.Contains(folder.Combine("tokenizer", "merges.txt"), error.Message, StringComparison.Ordinal);
        Assert.Equal(0, pool.OpenSessions);
    }

    [Fact]
    public void Missing_folder_is_named()
    {
        using var pool = new SessionPool();
        var missing = Path.Combine(Path.GetTempPath(), "sdb-no-model-" + Guid.NewGuid().ToString("N"));

        var error = Assert.Throws<ModelFolderException>(() => ModelFolder.Load(missing, s_load, pool));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_external_data_file_is_reported_for_that_model()
    {
        using var folder = Written(new SyntheticModelOptions { ExternalData = true });
        File.Delete(folder.Combine("unet", "model.onnx.data"));
        using var pool = new SessionPool();

        var error = Assert.Throws<ModelFolderException>(() => ModelFolder.Load(folder.Path, s_load, pool));

        var problem = Assert.Single(error.Problems);
        Assert.Contains(folder.Combine("unet", "model.onnx"), problem, StringComparison.Ordinal);
        Assert.Contains("could not be loaded by ONNX Runtime", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_rank_names_the_tensor_its_rank_and_the_expected_one()
    {
        using var folder = Written(new SyntheticModelOptions());
        var g = new OnnxGraphBuilder("unet");
        var sample = g.Input("sample", TensorElementType.Float, "batch", 4, 64);
        g.Input("timestep", TensorElementType.Float, "batch");
        g.Input("encoder_hidden_states", TensorElementType.Float, "batch", 77, 1024);
        g.Output("out_sample", g.Node("Identity", [sample]), TensorElementType.Float, "batch", 4, 64);
        OnnxGraphBuilder.Save(g.Build(), folder.Combine("unet", "model.onnx"), externalData: false);
        using var pool = new SessionPool();

        var error = Assert.Throws<ModelFolderException>(() => ModelFolder.Load(folder.Path, s_load, pool));

        Assert.Contains(error.Problems, p =>
            p.Contains(folder.Combine("unet", "model.onnx"), StringComparison.Ordinal) &&
            p.Contains("'sample' has rank 3", StringComparison.Ordinal) &&
            p.Contains("expected rank 4", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Contains("'out_sample' has rank 3", StringComparison.Ordinal));
    }

    [Fact]
    public void Unknown_required_input_is_named_with_what_the_pipeline_feeds()
    {
        using var folder = Written(new SyntheticModelOptions());
        var g = new OnnxGraphBuilder("unet");
        var sample = g.Input("sample", TensorElementType.Float, "batch", 4, 8, 8);
        g.Input("timestep", TensorElementType.Float, "batch");
        g.Input("encoder_hidden_states", TensorElementType.Float, "batch", 77, 1024);
        g.Input("text_embeds", TensorElementType.Float, "batch", 1280);
        g.Output("out_sample", g.Node("Identity", [sample]), TensorElementType.Float, "batch", 4, 8, 8);
        OnnxGraphBuilder.Save(g.Build(), folder.Combine("unet", "model.onnx"), externalData: false);
        using var pool = new SessionPool();

        var error = Assert.Throws<ModelFolderException>(() => ModelFolder.Load(folder.Path, s_load, pool));

        var problem = Assert.Single(error.Problems);
        Assert.Contains("required input 'text_embeds'", problem, StringComparison.Ordinal);
        Assert.Contains("Float [batch,1280]", problem, StringComparison.Ordinal);
        Assert.Contains("encoder_hidden_states", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Rank_0_timestep_is_refused_for_more_than_one_row_and_says_why()
    {
        using var folder = Written(new SyntheticModelOptions { Timestep = SyntheticTimestep.FloatScalar });
        using var pool = new SessionPool();

        var error = Assert.Throws<ModelFolderException>(() => ModelFolder.Load(folder.Path, s_load with { MaxUnetRows = 3 }, pool));

        var problem = Assert.Single(error.Problems);
        Assert.Contains("'timestep' is a scalar (rank 0)", problem, StringComparison.Ordinal);
        Assert.Contains("up to 3 rows", problem, StringComparison.Ordinal);
        Assert.Contains("shape [batch]", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_output_lists_the_aliases_and_the_graphs_outputs()
    {
        using var folder = Written(new SyntheticModelOptions { UnetOutputName = "noise" });
        using var pool = new SessionPool();

        var error = Assert.Throws<ModelFolderException>(() => ModelFolder.Load(folder.Path, s_load, pool));

        var problem = Assert.Single(error.Problems);
        Assert.Contains("no output for the noise prediction", problem, StringComparison.Ordinal);
        Assert.Contains("'out_sample', 'latent'", problem, StringComparison.Ordinal);
        Assert.Contains("'noise'", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Mismatched_text_width_between_text_encoder_and_unet_is_reported()
    {
        using var turbo = Written(new SyntheticModelOptions { Family = SyntheticFamily.SdTurboLike });
        using var sd15 = Written(new SyntheticModelOptions { Family = SyntheticFamily.Sd15Like });
        File.Copy(sd15.Combine("text_encoder", "model.onnx"), turbo.Combine("text_encoder", "model.onnx"), overwrite: true);
        using var pool = new SessionPool();

        var error = Assert.Throws<ModelFolderException>(() => ModelFolder.Load(turbo.Path, s_load, pool));

        Assert.Contains(error.Problems, p => p.Contains("768-wide", StringComparison.Ordinal) && p.Contains("1024-wide", StringComparison.Ordinal));
    }

    [Fact]
    public void Wrong_resolution_names_the_dimension()
    {
        using var folder = Written(new SyntheticModelOptions());
        var g = new OnnxGraphBuilder("vae_decoder");
        var latent = g.Input("latent_sample", TensorElementType.Float, 1, 4, 16, 16);
        g.Output("sample", g.Node("Resize", [latent, "", g.Floats([1, 0.75f, 8, 8], 4)], OnnxGraphBuilder.StringAttribute("mode", "nearest")), TensorElementType.Float, 1, 3, 128, 128);
        OnnxGraphBuilder.Save(g.Build(), folder.Combine("vae_decoder", "model.onnx"), externalData: false);
        using var pool = new SessionPool();

        var error = Assert.Throws<ModelFolderException>(() => ModelFolder.Load(folder.Path, s_load, pool));

        Assert.Contains(error.Problems, p => p.Contains("'latent_sample' has latent height 16", StringComparison.Ordinal) && p.Contains("needs 8", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Contains("'sample' has image height 128", StringComparison.Ordinal));
    }

    [Fact]
    public void Bad_manifest_values_and_a_pad_disagreement_are_reported_together()
    {
        using var folder = Written(new SyntheticModelOptions { Family = SyntheticFamily.SdTurboLike });
        File.WriteAllText(folder.Combine(ModelManifest.FileName), """{"latentScaling": -1, "imageRange": "[0,255]", "padToken": "<|endoftext|>"}""");
        using var pool = new SessionPool();

        var error = Assert.Throws<ModelFolderException>(() => ModelFolder.Load(folder.Path, s_load, pool));

        Assert.Equal(3, error.Problems.Count);
        Assert.Contains(error.Problems, p => p.Contains("latentScaling -1", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Contains("imageRange '[0,255]'", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Contains("pad token '<|endoftext|>'", StringComparison.Ordinal) && p.Contains("'!'", StringComparison.Ordinal));
    }

    [Fact]
    public void Unknown_manifest_field_is_reported_with_the_file()
    {
        using var folder = Written(new SyntheticModelOptions());
        File.WriteAllText(folder.Combine(ModelManifest.FileName), """{"latentScale": 1.0}""");
        using var pool = new SessionPool();

        var error = Assert.Throws<ModelFolderException>(() => ModelFolder.Load(folder.Path, s_load, pool));

        var problem = Assert.Single(error.Problems);
        Assert.Contains(folder.Combine(ModelManifest.FileName), problem, StringComparison.Ordinal);
        Assert.Contains("latentScale", problem, StringComparison.Ordinal);
    }

    private static TempFolder Written(SyntheticModelOptions options)
    {
        var folder = new TempFolder("broken");
        SyntheticModelFolder.Write(folder.Path, options);
        return folder;
    }
}
