using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using StreamDiffusion.Bench;
using StreamDiffusion.Video.Kernels;

// Fidelity first (one pass each, printed), then timings: short in-process jobs so the run takes minutes.
Console.WriteLine(KernelSelector.Description);
Console.WriteLine(Fidelity.Report());
if (args is ["--quick", ..])
{
    QuickTiming.Run(20);
    return;
}

var job = Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance).WithId("short-inprocess");
var config = DefaultConfig.Instance.AddJob(job).WithOptions(ConfigOptions.DisableOptimizationsValidator);
BenchmarkSwitcher.FromAssembly(typeof(UyvyModelRoundTripBenchmarks).Assembly).Run(args, config);
