using Microsoft.ML.OnnxRuntime.Tensors;
using Onnx;
using StreamDiffusion.Onnx.Synthetic;

namespace StreamDiffusion.Onnx.Taesd;

/// <summary>
/// The TAESD encoder and decoder (madebyollin/taesd, SD 1.x/2.x variant; research/csharp-onnx.md §3.2) as ONNX graphs
/// with diffusers AutoencoderTiny semantics: images in and out in [-1, 1], latents already scaled (factor 1.0).
/// Weights come by diffusers key (<c>encoder.layers.N…</c>, <c>decoder.layers.N…</c>); every missing or misshapen
/// key is reported at once.
/// </summary>
public static class TaesdGraph
{
    /// <summary>Channels of every hidden layer.</summary>
    public const int Width = 64;

    /// <summary>Latent channels.</summary>
    public const int LatentChannels = 4;

    // Encoder layer indices: 0 conv 3→64, Blocks, stride-2 convs without bias at 2, 6, 10, 14 conv 64→4.
    private static readonly int[] s_encoderBlocks = [1, 3, 4, 5, 7, 8, 9, 11, 12, 13];
    private static readonly int[] s_encoderStrided = [2, 6, 10];

    // Decoder layer indices (diffusers, one lower than the .pth): 0 conv 4→64, 1 ReLU, Blocks, Upsample at 5, 10, 15
    // each followed by a conv without bias, 18 conv 64→3.
    private static readonly int[] s_decoderBlocks = [2, 3, 4, 7, 8, 9, 12, 13, 14, 17];
    private static readonly int[] s_decoderUpsampled = [6, 11, 16];

    /// <summary>Every key and shape the encoder needs.</summary>
    public static IReadOnlyDictionary<string, long[]> EncoderKeys { get; } = EncoderShapes();

    /// <summary>Every key and shape the decoder needs.</summary>
    public static IReadOnlyDictionary<string, long[]> DecoderKeys { get; } = DecoderShapes();

    /// <summary>Adds a problem for every key of <paramref name="expected"/> that <paramref name="weights"/> lacks or shapes differently.</summary>
    public static void Check(IReadOnlyDictionary<string, SafetensorsTensor> weights, IReadOnlyDictionary<string, long[]> expected, string source, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(problems);
        foreach (var (key, shape) in expected)
        {
            if (!weights.TryGetValue(key, out var tensor))
            {
                problems.Add($"'{source}' has no tensor '{key}' [{string.Join(',', shape)}]; is it a diffusers AutoencoderTiny (madebyollin/taesd) file for SD 1.x/2.x?");
            }
            else if (!tensor.Shape.SequenceEqual(shape))
            {
                problems.Add($"'{source}': tensor '{key}' is [{string.Join(',', tensor.Shape)}]; TAESD for SD 1.x/2.x needs [{string.Join(',', shape)}].");
            }
        }
    }

    /// <summary>Encoder: <c>sample</c> [batch, 3, H, W] in [-1, 1] → <c>latent_sample</c> [batch, 4, H/8, W/8].</summary>
    public static ModelProto BuildEncoder(IReadOnlyDictionary<string, SafetensorsTensor> weights)
    {
        var g = new OnnxGraphBuilder("taesd_encoder");
        var image = g.Input("sample", TensorElementType.Float, "batch", 3, "height", "width");
        // AutoencoderTiny's encoder takes [-1, 1] and works in [0, 1]: x' = (x + 1) / 2.
        var x = g.Node("Mul", [g.Node("Add", [image, g.Scalar(1)]), g.Scalar(0.5f)]);
        x = Conv(g, weights, x, "encoder.layers.0", bias: true, stride: 1);
        for (var layer = 1; layer < 14; layer++)
        {
            x = Array.IndexOf(s_encoderStrided, layer) >= 0
                ? Conv(g, weights, x, $"encoder.layers.{layer}", bias: false, stride: 2)
                : Block(g, weights, x, $"encoder.layers.{layer}");
        }

        x = Conv(g, weights, x, "encoder.layers.14", bias: true, stride: 1);
        g.Output("latent_sample", x, TensorElementType.Float, "batch", LatentChannels, "latent_height", "latent_width");
        return g.Build();
    }

    /// <summary>Decoder: <c>latent_sample</c> [batch, 4, h, w] → <c>sample</c> [batch, 3, 8h, 8w] in [-1, 1].</summary>
    public static ModelProto BuildDecoder(IReadOnlyDictionary<string, SafetensorsTensor> weights)
    {
        var g = new OnnxGraphBuilder("taesd_decoder");
        var latent = g.Input("latent_sample", TensorElementType.Float, "batch", LatentChannels, "latent_height", "latent_width");
        // Soft clamp of the latents: tanh(x / 3) · 3.
        var x = g.Node("Mul", [g.Node("Tanh", [g.Node("Div", [latent, g.Scalar(3)])]), g.Scalar(3)]);
        x = Conv(g, weights, x, "decoder.layers.0", bias: true, stride: 1);
        x = g.Node("Relu", [x]);
        for (var layer = 2; layer < 18; layer++)
        {
            if (Array.IndexOf(s_decoderBlocks, layer) >= 0)
            {
                x = Block(g, weights, x, $"decoder.layers.{layer}");
            }
            else if (Array.IndexOf(s_decoderUpsampled, layer) >= 0)
            {
                x = Conv(g, weights, x, $"decoder.layers.{layer}", bias: false, stride: 1);
            }
            else
            {
                // Nearest ×2 exactly as PyTorch's nn.Upsample: asymmetric coordinates, floor.
                x = g.Node("Resize", [x, "", g.Floats([1, 1, 2, 2], 4)],
                    OnnxGraphBuilder.StringAttribute("mode", "nearest"),
                    OnnxGraphBuilder.StringAttribute("coordinate_transformation_mode", "asymmetric"),
                    OnnxGraphBuilder.StringAttribute("nearest_mode", "floor"));
            }
        }

        x = Conv(g, weights, x, "decoder.layers.18", bias: true, stride: 1);
        // AutoencoderTiny's decoder returns [-1, 1]: y' = 2y − 1.
        var image = g.Node("Sub", [g.Node("Mul", [x, g.Scalar(2)]), g.Scalar(1)]);
        g.Output("sample", image, TensorElementType.Float, "batch", 3, "height", "width");
        return g.Build();
    }

    // Block: ReLU(conv(ReLU(conv(ReLU(conv(x))))) + x), all 64 → 64 with bias.
    private static string Block(OnnxGraphBuilder g, IReadOnlyDictionary<string, SafetensorsTensor> weights, string x, string prefix)
    {
        var y = g.Node("Relu", [Conv(g, weights, x, prefix + ".conv.0", bias: true, stride: 1)]);
        y = g.Node("Relu", [Conv(g, weights, y, prefix + ".conv.2", bias: true, stride: 1)]);
        y = Conv(g, weights, y, prefix + ".conv.4", bias: true, stride: 1);
        return g.Node("Relu", [g.Node("Add", [y, x])]);
    }

    private static string Conv(OnnxGraphBuilder g, IReadOnlyDictionary<string, SafetensorsTensor> weights, string x, string prefix, bool bias, int stride)
    {
        var w = weights[prefix + ".weight"];
        var inputs = new List<string> { x, g.Named(prefix + ".weight", w.Values, w.Shape) };
        if (bias)
        {
            var b = weights[prefix + ".bias"];
            inputs.Add(g.Named(prefix + ".bias", b.Values, b.Shape));
        }

        return g.Node("Conv", [.. inputs],
            OnnxGraphBuilder.IntsAttribute("kernel_shape", 3, 3),
            OnnxGraphBuilder.IntsAttribute("pads", 1, 1, 1, 1),
            OnnxGraphBuilder.IntsAttribute("strides", stride, stride));
    }

    private static Dictionary<string, long[]> EncoderShapes()
    {
        var shapes = new Dictionary<string, long[]>(StringComparer.Ordinal)
        {
            ["encoder.layers.0.weight"] = [Width, 3, 3, 3],
            ["encoder.layers.0.bias"] = [Width],
            ["encoder.layers.14.weight"] = [LatentChannels, Width, 3, 3],
            ["encoder.layers.14.bias"] = [LatentChannels],
        };
        AddBlocks(shapes, "encoder", s_encoderBlocks);
        foreach (var layer in s_encoderStrided)
        {
            shapes[$"encoder.layers.{layer}.weight"] = [Width, Width, 3, 3];
        }

        return shapes;
    }

    private static Dictionary<string, long[]> DecoderShapes()
    {
        var shapes = new Dictionary<string, long[]>(StringComparer.Ordinal)
        {
            ["decoder.layers.0.weight"] = [Width, LatentChannels, 3, 3],
            ["decoder.layers.0.bias"] = [Width],
            ["decoder.layers.18.weight"] = [3, Width, 3, 3],
            ["decoder.layers.18.bias"] = [3],
        };
        AddBlocks(shapes, "decoder", s_decoderBlocks);
        foreach (var layer in s_decoderUpsampled)
        {
            shapes[$"decoder.layers.{layer}.weight"] = [Width, Width, 3, 3];
        }

        return shapes;
    }

    private static void AddBlocks(Dictionary<string, long[]> shapes, string part, int[] layers)
    {
        foreach (var layer in layers)
        {
            foreach (var conv in new[] { 0, 2, 4 })
            {
                shapes[$"{part}.layers.{layer}.conv.{conv}.weight"] = [Width, Width, 3, 3];
                shapes[$"{part}.layers.{layer}.conv.{conv}.bias"] = [Width];
            }
        }
    }
}
