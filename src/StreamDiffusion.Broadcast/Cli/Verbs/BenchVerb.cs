using System.CommandLine;
using System.Globalization;
using StreamDiffusion.Broadcast.Benchmarks;

namespace StreamDiffusion.Broadcast.Cli.Verbs;

/// <summary><c>sdbroadcast bench host</c>: measures the host's own work per frame on this machine.</summary>
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
        return bench;
    }
}
