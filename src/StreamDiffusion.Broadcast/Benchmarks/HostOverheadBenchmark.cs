using System.Diagnostics;
using StreamDiffusion.Video.Conversion;
using StreamDiffusion.Video.Frames;
using StreamDiffusion.Video.Geometry;
using StreamDiffusion.Video.Signals;

namespace StreamDiffusion.Broadcast.Benchmarks;

/// <summary>The host's own work per frame, step by step, in milliseconds (means over the measured frames).</summary>
/// <param name="Frames">Frames measured (after warm-up).</param>
/// <param name="CaptureCopy">Copying the received frame out of the runtime's memory.</param>
/// <param name="BypassCopy">The copy the pacer keeps for bypass and crossfades.</param>
/// <param name="ToModel">Fit and colour conversion to the model tensor.</param>
/// <param name="FromModel">Inverse fit and conversion of the picture back to video.</param>
/// <param name="SendCopy">Copying the frame into the sender's buffer.</param>
/// <param name="CpuPerFrame">Process CPU time per frame over the whole loop.</param>
public sealed record HostOverhead(int Frames, double CaptureCopy, double BypassCopy, double ToModel, double FromModel, double SendCopy, double CpuPerFrame)
{
    /// <summary>Wall time of all steps per frame.</summary>
    public double Total => CaptureCopy + BypassCopy + ToModel + FromModel + SendCopy;

    /// <summary>Channels of <paramref name="fps"/> frames per second that <paramref name="cores"/> cores carry, host work only.</summary>
    public double ChannelsAt(double fps, int cores) => cores * 1000.0 / (CpuPerFrame * fps);
}

/// <summary>
/// Measures what a channel does to every frame besides running the model (identity model: the tensor goes straight
/// back), on one thread, with the same converters and buffers the channel uses: the host overhead of
/// docs/benchmarks.md. No NDI runtime is needed: the received and sent buffers are plain memory of the same size.
/// </summary>
public static class HostOverheadBenchmark
{
    /// <summary>Runs <paramref name="frames"/> frames of <paramref name="video"/> UYVY through a <paramref name="model"/> model size.</summary>
    public static HostOverhead Run((int Width, int Height) video, (int Width, int Height) model, int frames)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(frames, 1);
        var spec = new FrameSpec(PixelFormat.Uyvy, video.Width, video.Height);
        var resolution = ModelResolution.Create(model.Width, model.Height);
        var settings = new VideoPathSettings();
        var pool = new VideoFramePool();
        using var received = pool.Rent(PixelFormat.Uyvy, video.Width, video.Height);
        using (var pattern = new TestPatternGenerator(spec, 60, 1))
        {
            pattern.Render(0, received);
        }

        var toModel = new FrameToTensorConverter(spec, resolution, settings);
        var output = TensorToFrameConverter.OutputFor(spec, PixelFormat.Uyvy, settings);
        var fromModel = new TensorToFrameConverter(spec, resolution, output, settings);
        using var tensor = new ModelTensor(resolution);
        var sendBuffer = new byte[received.Data.Length];
        var steps = new long[5];
        var warmUp = Math.Min(10, frames);
        var process = Process.GetCurrentProcess();
        TimeSpan cpuStart = TimeSpan.Zero;
        for (var i = -warmUp; i < frames; i++)
        {
            if (i == 0)
            {
                Array.Clear(steps);
                process.Refresh();
                cpuStart = process.TotalProcessorTime;
            }

            var t0 = Stopwatch.GetTimestamp();
            using var captured = pool.Rent(PixelFormat.Uyvy, video.Width, video.Height);
            received.Data.CopyTo(captured.Data);
            var t1 = Stopwatch.GetTimestamp();
            using var bypass = pool.Rent(PixelFormat.Uyvy, video.Width, video.Height);
            captured.Data.CopyTo(bypass.Data);
            var t2 = Stopwatch.GetTimestamp();
            toModel.Convert(captured, tensor);
            var t3 = Stopwatch.GetTimestamp();
            using var processed = pool.Rent(output.Format, output.Width, output.Height);
            fromModel.Convert(tensor, processed);
            var t4 = Stopwatch.GetTimestamp();
            processed.Data.CopyTo(sendBuffer);
            var t5 = Stopwatch.GetTimestamp();
            steps[0] += t1 - t0;
            steps[1] += t2 - t1;
            steps[2] += t3 - t2;
            steps[3] += t4 - t3;
            steps[4] += t5 - t4;
        }

        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpuStart).TotalMilliseconds / frames;
        double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency / frames;
        return new HostOverhead(frames, Ms(steps[0]), Ms(steps[1]), Ms(steps[2]), Ms(steps[3]), Ms(steps[4]), cpu);
    }
}
