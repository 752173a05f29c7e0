using Microsoft.ML.OnnxRuntime.Tensors;
using StreamDiffusion.Core.Models;

namespace StreamDiffusion.Onnx.Sessions;

/// <summary>How one VAE encoder or decoder export names and types its input and output.</summary>
internal sealed record VaeSignature(string Input, TensorElementType InputType, string Output, TensorElementType OutputType, int OutputChannels)
{
    private static readonly TensorElementType[] s_floats = [TensorElementType.Float, TensorElementType.Float16];

    /// <summary>Encoder: image [1, 3, H, W] → latent [1, 4, h, w] or mean ‖ logvar [1, 8, h, w].</summary>
    public static VaeSignature? ReadEncoder(GraphInputs graph, int imageHeight, int imageWidth, LatentShape latent)
    {
        var before = graph.Problems.Count;
        var image = graph.Input("the image", TensorAliases.EncoderImage);
        var output = graph.Output("the latent", TensorAliases.EncoderOutput);
        graph.RejectUnclaimedInputs("sample (the image)");
        if (graph.Expect(image, [4], s_floats))
        {
            graph.ExpectDim(image, 0, 1, "a fixed batch");
            graph.ExpectDim(image, 1, 3, "image channels");
            graph.ExpectDim(image, 2, imageHeight, "image height");
            graph.ExpectDim(image, 3, imageWidth, "image width");
        }

        var channels = latent.Channels;
        if (graph.Expect(output, [4], s_floats))
        {
            var declared = output!.Value.Metadata.Dimensions[1];
            // optimum's latent_parameters is mean ‖ log-variance: twice the latent channels, mean first.
            channels = declared > 0 ? declared : output.Value.Name == "latent_parameters" ? 2 * latent.Channels : latent.Channels;
            if (channels != latent.Channels && channels != 2 * latent.Channels)
            {
                graph.Problems.Add($"'{graph.ModelPath}': the encoder output '{output.Value.Name}' has {channels} channels; expected {latent.Channels} (latent) or {2 * latent.Channels} (mean ‖ log-variance).");
            }

            graph.ExpectDim(output, 2, latent.Height, "latent height");
            graph.ExpectDim(output, 3, latent.Width, "latent width");
        }

        return graph.Problems.Count > before
            ? null
            : new VaeSignature(image!.Value.Name, image.Value.Metadata.ElementDataType, output!.Value.Name, output.Value.Metadata.ElementDataType, channels);
    }

    /// <summary>Decoder: latent [1, 4, h, w] → image [1, 3, H, W].</summary>
    public static VaeSignature? ReadDecoder(GraphInputs graph, int imageHeight, int imageWidth, LatentShape latent)
    {
        var before = graph.Problems.Count;
        var input = graph.Input("the latent", TensorAliases.DecoderLatent);
        var image = graph.Output("the image", TensorAliases.DecoderImage);
        graph.RejectUnclaimedInputs("latent_sample");
        if (graph.Expect(input, [4], s_floats))
        {
            graph.ExpectDim(input, 0, 1, "a fixed batch");
            graph.ExpectDim(input, 1, latent.Channels, "latent channels");
            graph.ExpectDim(input, 2, latent.Height, "latent height");
            graph.ExpectDim(input, 3, latent.Width, "latent width");
        }

        if (graph.Expect(image, [4], s_floats))
        {
            graph.ExpectDim(image, 1, 3, "image channels");
            graph.ExpectDim(image, 2, imageHeight, "image height");
            graph.ExpectDim(image, 3, imageWidth, "image width");
        }

        return graph.Problems.Count > before
            ? null
            : new VaeSignature(input!.Value.Name, input.Value.Metadata.ElementDataType, image!.Value.Name, image.Value.Metadata.ElementDataType, 3);
    }
}
