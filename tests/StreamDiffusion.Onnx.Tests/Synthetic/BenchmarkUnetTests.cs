using Onnx;
using StreamDiffusion.Onnx.Folders;
using StreamDiffusion.Onnx.Sessions;
using StreamDiffusion.Onnx.Synthetic;
using StreamDiffusion.Onnx.Tests.Folders;

namespace StreamDiffusion.Onnx.Tests.Synthetic;

/// <summary>The cost-realistic UNet loads through the same binder and has the parts that make SD's cost.</summary>
public sealed class BenchmarkUnetTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Loads_and_predicts_finite_noise_per_row(bool float16)
    {
        using var folder = new TempFolder("bench-unet");
        SyntheticModelFolder.Write(folder.Path, new SyntheticModelOptions { BenchmarkUnetWidth = 16, Float16Io = float16 });
        using var pool = new SessionPool();
        using var loaded = ModelFolder.Load(folder.Path, new ModelLoadOptions { ImageWidth = 64, ImageHeight = 64, MaxUnetRows = 2 }, pool);

        var noise = ModelFolderLoadTests.RunUnet(loaded.Unet, [700, 100], 1f);

        Assert.All(noise, v => Assert.True(float.IsFinite(v)));
        var half = noise.Length / 2;
        Assert.NotEqual(noise[..half], noise[half..]);
    }

    [Fact]
    public void Graph_has_residual_attention_down_up_and_skip_parts()
    {
        var model = BenchmarkUnet.Build(new SyntheticModelOptions(), 16);
        var ops = model.Graph.Node.Select(n => n.OpType).ToList();

        Assert.Equal(4, ops.Count(o => o == "Softmax"));
        Assert.Contains(model.Graph.Node, n => n.OpType == "Conv" && n.Attribute.Any(a => a.Name == "strides" && a.Ints[0] == 2));
        Assert.Contains("Resize", ops);
        Assert.Contains("Concat", ops);
        Assert.True(ops.Count(o => o == "Conv") >= 10, $"{ops.Count(o => o == "Conv")} convolutions");
    }
}
