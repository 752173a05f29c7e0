using StreamDiffusion.Core.Models;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace StreamDiffusion.Onnx.Sessions;

/// <summary>How one UNet export names and types its tensors, read from its metadata.</summary>
internal sealed record UnetSignature(
    string Sample,
    TensorElementType SampleType,
    string Timestep,
    TensorElementType TimestepType,
    bool TimestepIsScalar,
    string Text,
    TensorElementType TextType,
    int EmbeddingWidth,
    string? TimestepCond,
    TensorElementType TimestepCondType,
    int TimestepCondWidth,
    string Output,
    TensorElementType OutputType)
{
    private static readonly TensorElementType[] s_floats = [TensorElementType.Float, TensorElementType.Float16];

    /// <summary>Reads the signature; adds a problem per mismatch and returns null when any was found.</summary>
    public static UnetSignature? Read(GraphInputs graph, string modelPath, LatentShape latent, int maxRows)
    {
        var before = graph.Problems.Count;
        var sample = graph.Input("the noisy latents", TensorAliases.UnetSample);
        var timestep = graph.Input("the timestep", TensorAliases.UnetTimestep);
        var text = graph.Input("the text embeddings", TensorAliases.UnetText);
        var cond = graph.Input("the LCM guidance embedding", TensorAliases.UnetTimestepCond, optional: true);
        var output = graph.Output("the noise prediction", TensorAliases.UnetOutput);
        graph.RejectUnclaimedInputs("sample, timestep, encoder_hidden_states and the optional timestep_cond");

        if (graph.Expect(sample, [4], s_floats))
        {
            graph.ExpectDim(sample, 1, latent.Channels, "latent channels");
            graph.ExpectDim(sample, 2, latent.Height, "latent height");
            graph.ExpectDim(sample, 3, latent.Width, "latent width");
            graph.ExpectDim(sample, 0, maxRows, "a fixed batch");
        }

        graph.Expect(output, [4], s_floats);
        graph.Expect(text, [3], s_floats);
        graph.Expect(cond, [2], s_floats);
        if (graph.Expect(timestep, [0, 1], TensorElementType.Float, TensorElementType.Float16, TensorElementType.Int64) &&
            timestep!.Value.Metadata.Dimensions.Length == 0 && maxRows > 1)
        {
            graph.Problems.Add(
                $"'{modelPath}': 'timestep' is a scalar (rank 0), so one call carries one timestep, but this pipeline " +
                $"state runs up to {maxRows} rows in one UNet call, each at its own timestep (Stream Batch with more than one " +
                "step, or guidance rows). Use a UNet exported with timestep of shape [batch] (Olive / OnnxStack / " +
                "StreamDiffusion style), or run with one step and no guidance.");
        }

        if (graph.Problems.Count > before)
        {
            return null;
        }

        var condWidth = cond is { } c ? c.Metadata.Dimensions[1] : 0;
        if (cond is not null && condWidth <= 0)
        {
            graph.Problems.Add($"'{modelPath}': 'timestep_cond' has a dynamic width; the LCM guidance embedding needs it fixed (256 for LCM exports).");
            return null;
        }

        return new UnetSignature(
            sample!.Value.Name, sample.Value.Metadata.ElementDataType,
            timestep!.Value.Name, timestep.Value.Metadata.ElementDataType, timestep.Value.Metadata.Dimensions.Length == 0,
            text!.Value.Name, text.Value.Metadata.ElementDataType, text.Value.Metadata.Dimensions[2],
            cond?.Name, cond?.Metadata.ElementDataType ?? TensorElementType.Float, condWidth,
            output!.Value.Name, output.Value.Metadata.ElementDataType);
    }
}
