using System.Runtime.Intrinsics.X86;
using StreamDiffusion.Testing;
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

    private const string ExpectedWidthVariable = "SDB_TEST_EXPECT_KERNEL_WIDTH";

    [Fact]
    public void Best_follows_the_runtime_knobs_of_this_process()
    {
        var expected = ExpectedForThisProcess();
        Assert.Equal(expected, KernelSelector.Best);
        Assert.Contains(expected.ToString(), KernelSelector.Description, StringComparison.Ordinal);
        if (Environment.GetEnvironmentVariable(ExpectedWidthVariable) is { Length: > 0 } told)
        {
            // Set by the child-process test below: the parent's expectation, independent of this process's knobs.
            Assert.Equal(Enum.Parse<KernelWidth>(told), KernelSelector.Best);
        }
    }

    [Theory]
    [InlineData("DOTNET_EnableAVX2", KernelWidth.Vector128)]
    [InlineData("DOTNET_EnableHWIntrinsic", KernelWidth.Scalar)]
    public async Task A_child_process_with_an_instruction_set_switched_off_picks_the_narrower_width(string knob, KernelWidth expected)
    {
        Assert.SkipUnless(X86Base.IsSupported, "X86Base is unavailable in this process (not x64, or DOTNET_EnableHWIntrinsic=0), so there is no wider width to switch off");
        Assert.SkipWhen(
            Environment.GetEnvironmentVariable(ExpectedWidthVariable) is { Length: > 0 },
            "already inside a child process started by this test");
        var testHost = Path.ChangeExtension(typeof(KernelSelectorTests).Assembly.Location, null);
        var method = $"{typeof(KernelSelectorTests).FullName}.{nameof(Best_follows_the_runtime_knobs_of_this_process)}";
        var result = await ChildProcess.RunAsync(
            testHost, ["-method", method, "-noColor"], TimeSpan.FromMinutes(2),
            start =>
            {
                start.Environment[knob] = "0";
                start.Environment[ExpectedWidthVariable] = expected.ToString();
            },
            TestContext.Current.CancellationToken);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Total: 1, Errors: 0, Failed: 0, Skipped: 0", result.StandardOutput, StringComparison.Ordinal);
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
