using StreamDiffusion.Onnx.Sessions;

namespace StreamDiffusion.Onnx.Tests.Sessions;

/// <summary>Execution providers by name: CPU works, the others say plainly that this build lacks them.</summary>
public sealed class ExecutionProviderTests
{
    [Fact]
    public void Cpu_is_available_and_creates_options()
    {
        using var options = SessionOptionsFactory.Create(ExecutionProviderSettings.Cpu);

        Assert.Contains("CPUExecutionProvider", SessionOptionsFactory.AvailableProviders());
        Assert.Equal(1, options.IntraOpNumThreads);
    }

    [Theory]
    [InlineData("cuda", "Microsoft.ML.OnnxRuntime.Gpu 1.31.0")]
    [InlineData("tensorrt", "TensorRT")]
    [InlineData("directml", "Microsoft.ML.OnnxRuntime.DirectML")]
    public void Provider_missing_from_the_cpu_build_is_named_with_the_fix(string name, string fix)
    {
        Assert.SkipWhen(SessionOptionsFactory.AvailableProviders().Contains(SessionOptionsFactory.KnownProviders[name]),
            $"this ONNX Runtime build has {name}; the not-in-build message cannot be seen here");

        var error = Assert.Throws<ExecutionProviderException>(() => SessionOptionsFactory.Create(new ExecutionProviderSettings { Name = name }));

        Assert.Contains($"'{name}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("not in this build", error.Message, StringComparison.Ordinal);
        Assert.Contains("CPUExecutionProvider", error.Message, StringComparison.Ordinal);
        Assert.Contains(fix, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_provider_lists_the_known_names()
    {
        var error = Assert.Throws<ExecutionProviderException>(() => SessionOptionsFactory.Create(new ExecutionProviderSettings { Name = "rocm" }));

        Assert.Contains("'rocm' is unknown", error.Message, StringComparison.Ordinal);
        Assert.Contains("cpu, cuda, tensorrt, directml", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cpu_with_provider_options_is_refused_naming_them()
    {
        var settings = new ExecutionProviderSettings { Options = new Dictionary<string, string> { ["trt_fp16_enable"] = "1" } };

        var error = Assert.Throws<ExecutionProviderException>(() => SessionOptionsFactory.Create(settings));

        Assert.Contains("trt_fp16_enable", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Equal_settings_share_a_key_and_different_options_do_not()
    {
        var a = new ExecutionProviderSettings { Name = "cuda", Options = new Dictionary<string, string> { ["x"] = "1", ["y"] = "2" } };
        var b = new ExecutionProviderSettings { Name = "CUDA", Options = new Dictionary<string, string> { ["y"] = "2", ["x"] = "1" } };
        var c = a with { DeviceId = 1 };

        Assert.Equal(a.Key, b.Key);
        Assert.NotEqual(a.Key, c.Key);
    }
}
