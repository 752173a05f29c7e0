using StreamDiffusion.Onnx.Sessions;

namespace StreamDiffusion.Onnx.Tests.Sessions;

/// <summary>The provider self-check: CPU against itself passes exactly, a provider missing from the build fails with the reason.</summary>
public sealed class ProviderSelfCheckTests
{
    [Fact]
    public void Cpu_against_cpu_passes_with_no_difference()
    {
        var result = ProviderSelfCheck.Run(ExecutionProviderSettings.Cpu);

        Assert.True(result.Passed, result.Message);
        Assert.Equal(0, result.MaxDifference);
        Assert.Contains("largest difference from CPU", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Provider_missing_from_the_build_fails_with_the_fix()
    {
        Assert.SkipWhen(SessionOptionsFactory.AvailableProviders().Contains("CUDAExecutionProvider"), "this build has CUDA");

        var result = ProviderSelfCheck.Run(new ExecutionProviderSettings { Name = "cuda" });

        Assert.False(result.Passed);
        Assert.True(double.IsNaN(result.MaxDifference));
        Assert.Contains("not in this build", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cuda_that_cannot_run_here_says_why_in_cpu_and_gpu_builds()
    {
        var result = ProviderSelfCheck.Run(new ExecutionProviderSettings { Name = "cuda" });
        Assert.SkipWhen(result.Passed, "a working CUDA device is present");

        Assert.False(result.Passed);
        // CPU build: the provider is not compiled in. GPU build without CUDA: the runtime libraries are named.
        Assert.True(
            result.Message.Contains("not in this build", StringComparison.Ordinal) ||
            result.Message.Contains("libcudart.so.13", StringComparison.Ordinal),
            result.Message);
    }
}
