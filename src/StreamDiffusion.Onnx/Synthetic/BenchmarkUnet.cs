using Microsoft.ML.OnnxRuntime.Tensors;
using Onnx;

namespace StreamDiffusion.Onnx.Synthetic;

/// <summary>
/// A reduced UNet whose cost has the shape of SD's (for benchmarks, not for pictures): sinusoidal timestep embedding
/// and MLP, residual blocks fed by it, cross-attention to the text, self-attention at the low resolution, a stride-2
/// down path, a nearest-×2 up path and a skip concatenation. Same signature as <see cref="SyntheticModelFolder.BuildUnet"/>.
/// </summary>
public static class BenchmarkUnet
{
    /// <summary>Builds the graph with <paramref name="width"/> channels at full latent resolution (twice that below).</summary>
    public static ModelProto Build(SyntheticModelOptions options, int width)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 8);
        var io = options.Float16Io ? TensorElementType.Float16 : TensorElementType.Float;
        var b = new Builder(new OnnxGraphBuilder("benchmark_unet"), new Random(options.Seed + 7));
        var g = b.G;
        var sample = g.Cast(g.Input("sample", io, "batch", SyntheticModelFolder.LatentChannels, "height", "width"), io, TensorElementType.Float);
        var timestepType = options.Timestep == SyntheticTimestep.Int64Vector ? TensorElementType.Int64 : io;
        var timestep = g.Cast(g.Input("timestep", timestepType, options.Timestep == SyntheticTimestep.FloatScalar ? [] : [ShapeDim.FromString("batch")]), timestepType, TensorElementType.Float);
        var text = g.Cast(g.Input("encoder_hidden_states", io, "batch", "sequence", options.EmbeddingWidth), io, TensorElementType.Float);

        var embedding = b.TimestepEmbedding(timestep, width);
        var x = b.Conv(sample, SyntheticModelFolder.LatentChannels, width, 3, 1);
        x = b.ResBlock(x, embedding, width, width);
        x = b.CrossAttention(x, text, width, options.EmbeddingWidth);
        var skip = x;
        x = b.Conv(x, width, width, 3, 2);
        x = b.ResBlock(x, embedding, width, 2 * width);
        x = b.SelfAttention(x, 2 * width);
        x = b.CrossAttention(x, text, 2 * width, options.EmbeddingWidth);
        x = b.ResBlock(x, embedding, 2 * width, 2 * width);
        x = g.Node("Resize", [x, "", g.Floats([1, 1, 2, 2], 4)], OnnxGraphBuilder.StringAttribute("mode", "nearest"));
        x = g.Node("Concat", [x, skip], OnnxGraphBuilder.IntAttribute("axis", 1));
        x = b.ResBlock(x, embedding, 3 * width, width);
        x = b.CrossAttention(x, text, width, options.EmbeddingWidth);
        x = b.Conv(b.Silu(x), width, SyntheticModelFolder.LatentChannels, 3, 1);
        g.Output(options.UnetOutputName, g.Cast(x, TensorElementType.Float, io), io, "batch", SyntheticModelFolder.LatentChannels, "height", "width");
        return g.Build();
    }

    private sealed class Builder(OnnxGraphBuilder g, Random random)
    {
        public OnnxGraphBuilder G { get; } = g;

        // Width of the timestep embedding every residual block reads.
        public int EmbeddingWidth { get; private set; }

        // Sinusoidal embedding of t (as in DDPM), then Linear → SiLU → Linear: [B, width].
        public string TimestepEmbedding(string timestep, int width)
        {
            var half = width / 2;
            var frequencies = new float[half];
            for (var k = 0; k < half; k++)
            {
                frequencies[k] = MathF.Exp(-MathF.Log(10000) * k / half);
            }

            var column = G.Node("Reshape", [timestep, G.Int64s([-1, 1], 2)]);
            var angles = G.Node("Mul", [column, G.Floats(frequencies, 1, half)]);
            var sinusoid = G.Node("Concat", [G.Node("Sin", [angles]), G.Node("Cos", [angles])], OnnxGraphBuilder.IntAttribute("axis", 1));
            var hidden = Silu(Linear(sinusoid, 2 * half, width));
            EmbeddingWidth = width;
            return Linear(hidden, width, width);
        }

        // h = conv(SiLU(x)) + proj(t); h = conv(SiLU(h)); out = h + shortcut(x).
        public string ResBlock(string x, string embedding, int inChannels, int outChannels)
        {
            var h = Conv(Silu(x), inChannels, outChannels, 3, 1);
            var t = G.Node("Reshape", [Linear(Silu(embedding), EmbeddingWidth, outChannels), G.Int64s([-1, outChannels, 1, 1], 4)]);
            h = G.Node("Add", [h, t]);
            h = Conv(Silu(h), outChannels, outChannels, 3, 1);
            var shortcut = inChannels == outChannels ? x : Conv(x, inChannels, outChannels, 1, 1);
            return G.Node("Add", [h, shortcut]);
        }

        // Queries from the pixels, keys and values from the text: x + Wo·softmax(QKᵀ/√C)·V.
        public string CrossAttention(string x, string text, int channels, int textWidth) =>
            Attention(x, text, channels, textWidth);

        public string SelfAttention(string x, int channels) => Attention(x, null, channels, channels);

        public string Silu(string x) => G.Node("Mul", [x, G.Node("Sigmoid", [x])]);

        public string Conv(string x, int inChannels, int outChannels, int kernel, int stride)
        {
            var pad = kernel / 2;
            var weights = Random(outChannels * inChannels * kernel * kernel, 1f / MathF.Sqrt(inChannels * kernel * kernel));
            return G.Node("Conv", [x, G.Floats(weights, outChannels, inChannels, kernel, kernel), G.Floats(new float[outChannels], outChannels)],
                OnnxGraphBuilder.IntsAttribute("kernel_shape", kernel, kernel),
                OnnxGraphBuilder.IntsAttribute("pads", pad, pad, pad, pad),
                OnnxGraphBuilder.IntsAttribute("strides", stride, stride));
        }

        private string Linear(string x, int inWidth, int outWidth)
        {
            return G.Node("Add", [G.Node("MatMul", [x, G.Floats(Random(inWidth * outWidth, 1f / MathF.Sqrt(inWidth)), inWidth, outWidth)]), G.Floats(new float[outWidth], outWidth)]);
        }

        private string Attention(string x, string? context, int channels, int contextWidth)
        {
            var tokens = G.Node("Transpose", [G.Node("Reshape", [x, G.Int64s([0, channels, -1], 3)])], OnnxGraphBuilder.IntsAttribute("perm", 0, 2, 1));
            var source = context ?? tokens;
            var q = G.Node("MatMul", [tokens, G.Floats(Random(channels * channels, 1f / MathF.Sqrt(channels)), channels, channels)]);
            var k = G.Node("MatMul", [source, G.Floats(Random(contextWidth * channels, 1f / MathF.Sqrt(contextWidth)), contextWidth, channels)]);
            var v = G.Node("MatMul", [source, G.Floats(Random(contextWidth * channels, 1f / MathF.Sqrt(contextWidth)), contextWidth, channels)]);
            var kt = G.Node("Transpose", [k], OnnxGraphBuilder.IntsAttribute("perm", 0, 2, 1));
            var scores = G.Node("Mul", [G.Node("MatMul", [q, kt]), G.Scalar(1f / MathF.Sqrt(channels))]);
            var attended = G.Node("MatMul", [G.Node("Softmax", [scores], OnnxGraphBuilder.IntAttribute("axis", -1)), v]);
            var projected = G.Node("MatMul", [attended, G.Floats(Random(channels * channels, 1f / MathF.Sqrt(channels)), channels, channels)]);
            var back = G.Node("Reshape", [G.Node("Transpose", [projected], OnnxGraphBuilder.IntsAttribute("perm", 0, 2, 1)), G.Node("Shape", [x])]);
            return G.Node("Add", [x, back]);
        }

        private float[] Random(int length, float scale)
        {
            var values = new float[length];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = ((random.NextSingle() * 2) - 1) * scale;
            }

            return values;
        }
    }
}
