using System.Diagnostics;
using System.Globalization;
using StreamDiffusion.Video.Kernels;

namespace StreamDiffusion.Bench;

/// <summary>A seconds-long smoke timing (<c>--quick</c>) for use while optimising; the numbers of record come from BenchmarkDotNet.</summary>
public static class QuickTiming
{
    public static void Run(int iterations)
    {
        foreach (var width in new[] { KernelWidth.Scalar, KernelWidth.Vector128, KernelWidth.Vector256 })
        {
            if (!KernelSelector.IsAccelerated(width))
            {
                continue;
            }

            using var fixture = new BenchFixture(width);
            var oursIn = Time(iterations, () => fixture.WayIn.Convert(fixture.Input, fixture.Tensor));
            var oursOut = Time(iterations, () => fixture.WayOut.Convert(fixture.Tensor, fixture.Output));
            var cvIn = Time(iterations, () => fixture.OpenCv.ToTensor(fixture.InputBytes, BenchFixture.Width, BenchFixture.Height, fixture.OpenCvTensor));
            var cvOut = Time(iterations, () => fixture.OpenCv.ToFrame(fixture.OpenCvTensor, fixture.OpenCvOutput, BenchFixture.Width, BenchFixture.Height));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{width,-9} ours in {oursIn:F2} ms out {oursOut:F2} ms | OpenCV in {cvIn:F2} ms out {cvOut:F2} ms | ratio {(cvIn + cvOut) / (oursIn + oursOut):F1}x"));
        }
    }

    private static double Time(int iterations, Action action)
    {
        action();
        var best = double.MaxValue;
        for (var i = 0; i < iterations; i++)
        {
            var start = Stopwatch.GetTimestamp();
            action();
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        return best;
    }
}
