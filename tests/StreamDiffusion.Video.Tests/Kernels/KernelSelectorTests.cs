using System.Runtime.Intrinsics.X86;
using StreamDiffusion.Video.Kernels;

namespace StreamDiffusion.Video.Tests.Kernels;

/// <summary>
/// Which width the selector picks. scripts/test.sh runs this project three times (default, DOTNET_EnableAVX2=0,
/// DOTNET_EnableHWIntrinsic=0), so each setting's expectation is asserted on one machine.
/// </summary>
public sealed class KernelSelectorTests
{
    [Theory]
    [InlineData(true, true, true, KernelWidth.Vector512)]
    [InlineData(false, true, true, KernelWidth.Vector256)]
    [InlineData(false, false, true, KernelWidth.Vector128)]
    [InlineData(false, false, false, KernelWidth.Scalar)]
    public void Choose_takes_the_widest_accelerated_width(bool v512, bool v256, bool v128, KernelWidth expected) =>
        Assert.Equal(expected, KernelSelector.Choose(v512, v256, v128));

    [Fact]
    public void Best_follows_the_runtime_knobs_of_this_process()
    {
        var expected = ExpectedForThisProcess();
        Assert.Equal(expected, KernelSelector.Best);
        Assert.Contains(expected.ToString(), KernelSelector.Description, StringComparison.Ordinal);
    }

    private static KernelWidth ExpectedForThisProcess()
    {
        if (Knob("DOTNET_EnableHWIntrinsic") == "0")
        {
            return KernelWidth.Scalar;
        }

        if (!X86Base.IsSupported)
        {
            // arm64: AdvSimd gives Vector128 only.
            return System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported ? KernelWidth.Vector128 : KernelWidth.Scalar;
        }

        if (Knob("DOTNET_EnableAVX2") == "0")
        {
            return KernelWidth.Vector128;
        }

        return Avx512F.IsSupported && Avx512BW.IsSupported && Knob("DOTNET_EnableAVX512") != "0" && Knob("DOTNET_EnableAVX512F") != "0"
            ? KernelWidth.Vector512
            : Avx2.IsSupported ? KernelWidth.Vector256 : KernelWidth.Vector128;
    }

    private static string? Knob(string name) => Environment.GetEnvironmentVariable(name);
}
