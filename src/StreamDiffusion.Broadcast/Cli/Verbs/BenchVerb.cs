using System.CommandLine;
using System.Globalization;
using StreamDiffusion.Broadcast.Benchmarks;

namespace StreamDiffusion.Broadcast.Cli.Verbs;

/// <summary>
/// <c>sdbroadcast bench host</c>: the host's own work per frame on this machine; <c>sdbroadcast bench pacer</c>: a live
/// channel's per-frame latency and send intervals.
/// </summary>
internal static class BenchVerb
{
    /// <summary>Creates the verb with its sub-verbs.</summary>
    public static Command Create()
    {
        var bench = new Command("bench", "Measure the frame path on this machine and print the numbers (an opt-in measurement, never a test).");
        var host = new Command("host", "Measure what a channel does to each frame besides the model (copies, fit and colour conversion both ways) on one thread.");
        var size = new Option<(int Width, int Height)>("--size")
        {
            Description = "Video frame size WIDTHxHEIGHT (default 1920x1080).",
            DefaultValueFactory = _ => (1920, 1080),
            CustomParser = VideoArguments.ParseSize,
        };
        var model = new Option<(int Width, int Height)>("--model")
        {
            Description = "Model size WIDTHxHEIGHT, multiples of 64 (default 512x512).",
            DefaultValueFactory = _ => (512, 512),
            CustomParser = VideoArguments.ParseSize,
        };
        var rate = new Option<(int N, int D)>("--rate")
        {
            Description = "Frame rate the channel count is computed for (default 60/1).",
            DefaultValueFactory = _ => (60, 1),
            CustomParser = VideoArguments.ParseRate,
        };
        var frames = new Option<int>("--frames") { Description = "Frames to measure after 10 warm-up frames (default 300).", DefaultValueFactory = _ => 300 };
        host.Options.Add(size);
        host.Options.Add(model);
        host.Options.Add(rate);
        host.Options.Add(frames);
        host.SetAction(parseResult =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var count = parseResult.GetValue(frames);
            if (count is < 1 or > 100_000)
            {
                parseResult.InvocationConfiguration.Error.WriteLine($"sdbroadcast bench host: --frames {count} is out of range; use 1 to 100000.");
                return ExitCodes.Usage;
            }

            var (w, h) = parseResult.GetValue(size);
            var (mw, mh) = parseResult.GetValue(model);
            var (n, d) = parseResult.GetValue(rate);
            HostOverhead result;
            try
            {
                result = HostOverheadBenchmark.Run((w, h), (mw, mh), count);
            }
            catch (ArgumentException e)
            {
                parseResult.InvocationConfiguration.Error.WriteLine($"sdbroadcast bench host: {e.Message}");
                return ExitCodes.Usage;
            }

            var fps = (double)n / d;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
                host overhead per frame, {w}x{h} UYVY <-> {mw}x{mh} model, identity model, {result.Frames} frames, one thread, {Environment.ProcessorCount} cores
                  capture copy     {result.CaptureCopy,8:0.000} ms
                  bypass copy      {result.BypassCopy,8:0.000} ms
                  to model         {result.ToModel,8:0.000} ms
                  from model       {result.FromModel,8:0.000} ms
                  send copy        {result.SendCopy,8:0.000} ms
                  total (wall)     {result.Total,8:0.000} ms
                  CPU per frame    {result.CpuPerFrame,8:0.000} ms
                channels at {n}/{d} this machine's {Environment.ProcessorCount} cores carry, host work only: {result.ChannelsAt(fps, Environment.ProcessorCount):0.0}
                """));
            return ExitCodes.Ok;
        });
        bench.Subcommands.Add(host);
        bench.Subcommands.Add(CreatePacer());
        return bench;
    }

    // sdbroadcast bench pacer: one live channel in process, its output's timing against the promise of capture + D.
    private static Command CreatePacer()
    {
        var pacer = new Command("pacer", "Run one channel in process (test pattern, synthetic models) and measure every frame's latency and the send intervals.");
        var size = new Option<(int Width, int Height)>("--size")
        {
            Description = "Video frame size WIDTHxHEIGHT (default 1280x720).",
            DefaultValueFactory = _ => (1280, 720),
            CustomParser = VideoArguments.ParseSize,
        };
        var model = new Option<int>("--model") { Description = "Synthetic model size, a multiple of 64 (default 128).", DefaultValueFactory = _ => 128 };
        var rate = new Option<(int N, int D)>("--rate")
        {
            Description = "Frame rate N/D (default 30/1).",
            DefaultValueFactory = _ => (30, 1),
            CustomParser = VideoArguments.ParseRate,
        };
        var seconds = new Option<double>("--seconds")
        {
            Description = "How long to measure once the channel is live (default 20).",
            DefaultValueFactory = _ => 20,
            CustomParser = VideoArguments.ParseSeconds,
        };
        var delay = new Option<int>("--delay-ms") { Description = "OutputDelayMs: 0 measures D at start-up (default), else a fixed D.", DefaultValueFactory = _ => 0 };
        pacer.Options.Add(size);
        pacer.Options.Add(model);
        pacer.Options.Add(rate);
        pacer.Options.Add(seconds);
        pacer.Options.Add(delay);
        pacer.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var modelSize = parseResult.GetValue(model);
            var delayMs = parseResult.GetValue(delay);
            if (modelSize is < 64 or > 1024 || modelSize % 64 != 0 || delayMs is < 0 or > 10_000)
            {
                parseResult.InvocationConfiguration.Error.WriteLine(
                    $"sdbroadcast bench pacer: --model {modelSize} must be a multiple of 64 from 64 to 1024 and --delay-ms {delayMs} from 0 to 10000.");
                return ExitCodes.Usage;
            }

            var (w, h) = parseResult.GetValue(size);
            var (n, d) = parseResult.GetValue(rate);
            var timing = await PacerBenchmark.RunAsync((w, h), modelSize, new Channels.Inputs.FrameRate(n, d), parseResult.GetValue(seconds), delayMs, cancellationToken)
                .ConfigureAwait(false);
            var c = timing.Counters;
            static string Row(double[] v) => string.Create(CultureInfo.InvariantCulture, $"{v[0],8:0.0} {v[1],8:0.0} {v[2],8:0.0} {v[3],8:0.0} {v[4],8:0.0}");
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
                pacer timing, {w}x{h} test pattern at {n}/{d} -> {modelSize}x{modelSize} synthetic model, {Environment.ProcessorCount} cores
                  output delay D   {timing.Delay.TotalMilliseconds:0.0} ms ({(delayMs == 0 ? "measured at start-up" : "configured")}), frame period {timing.PeriodMs:0.00} ms
                  frames           in {c.FramesIn}, out {c.FramesOut} (on the timer {c.TimerFrames}), processed {c.Processed}, repeated {c.Repeated}, dropped {c.Dropped}, missed slots {c.MissedSlots}
                                        min      p50      p95      p99      max
                  latency ms   {Row(timing.LatencyMs)}
                  interval ms  {Row(timing.IntervalMs)}
                  memory           {timing.AllocatedBytesPerFrame:0} B allocated per frame (whole process, incl. this measurement's own record), {timing.Gen2Collections} full GCs, working set {timing.WorkingSetMiB.Start:0} -> {timing.WorkingSetMiB.End:0} MiB
                """));
            return ExitCodes.Ok;
        });
        return pacer;
    }
}
