using System.Globalization;
using StreamDiffusion.Video.Kernels;

namespace StreamDiffusion.Bench;

/// <summary>How close our outputs are to OpenCV's, as PSNR on the 8-bit scale (tensor mapped with (t + 1)·127.5).</summary>
public static class Fidelity
{
    public static string Report()
    {
        using var fixture = new BenchFixture(KernelSelector.Best);
        fixture.WayIn.Convert(fixture.Input, fixture.Tensor);
        fixture.WayOut.Convert(fixture.Tensor, fixture.Output);
        fixture.OpenCv.ToTensor(fixture.InputBytes, BenchFixture.Width, BenchFixture.Height, fixture.OpenCvTensor);
        fixture.OpenCv.ToFrame(fixture.OpenCvTensor, fixture.OpenCvOutput, BenchFixture.Width, BenchFixture.Height);

        var ours = fixture.Tensor.Data;
        var tensorError = 0.0;
        for (var i = 0; i < ours.Length; i++)
        {
            var d = (ours[i] - fixture.OpenCvTensor[i]) * 127.5;
            tensorError += d * d;
        }

        var frame = fixture.Output.Data;
        double frameError = 0, lumaError = 0;
        for (var i = 0; i < frame.Length; i++)
        {
            var d = (double)frame[i] - fixture.OpenCvOutput[i];
            frameError += d * d;
            lumaError += i % 2 == 1 ? d * d : 0;
        }

        return string.Create(CultureInfo.InvariantCulture,
            $"PSNR ours vs OpenCV: model tensor {Psnr(tensorError / ours.Length):F1} dB; UYVY output {Psnr(frameError / frame.Length):F1} dB " +
            $"(luma {Psnr(lumaError / (frame.Length / 2)):F1} dB); kernels {KernelSelector.Best}");
    }

    private static double Psnr(double mse) => mse == 0 ? double.PositiveInfinity : 10 * Math.Log10(255.0 * 255.0 / mse);
}
