using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using StreamDiffusion.Ndi;

namespace StreamDiffusion.Broadcast.Cli.Verbs;

/// <summary>
/// <c>sdbroadcast ndi probe --source "MACHINE (NAME)" [--seconds S] [--json]</c>: receives a source for a while and
/// reports its format, rate, frame count, fps and longest gap (from the frames' NDI timestamps) and drops.
/// </summary>
internal static class NdiProbeVerb
{
    /// <summary>Creates the verb.</summary>
    public static Command Create()
    {
        var source = new Option<string>("--source") { Description = "Full source name MACHINE (NAME); * and ? match patterns.", Required = true };
        var seconds = new Option<double>("--seconds")
        {
            Description = "Seconds to receive after connecting (default 5).",
            DefaultValueFactory = _ => 5,
            CustomParser = VideoArguments.ParseSeconds,
        };
        var wait = new Option<double>("--wait")
        {
            Description = "Seconds to look for the source before giving up (default 5).",
            DefaultValueFactory = _ => 5,
            CustomParser = VideoArguments.ParseSeconds,
        };
        var color = new Option<NdiColorFormat>("--color-format")
        {
            Description = "Pixel format asked of the runtime: UyvyBgra (default), BgrxBgra, RgbxRgba, UyvyRgba, Fastest, Best.",
            DefaultValueFactory = _ => NdiColorFormat.UyvyBgra,
        };
        var bandwidth = new Option<NdiBandwidth>("--bandwidth")
        {
            Description = "Highest (default) or Lowest (the proxy stream).",
            DefaultValueFactory = _ => NdiBandwidth.Highest,
        };
        var json = new Option<bool>("--json")
        {
            Description = "Print one JSON object {source,width,height,fourcc,rateN,rateD,frameFormat,frames,fps,dropped,maxIntervalMs,timecodeSeconds,timecodeBackwards}.",
        };
        var command = new Command("probe", "Receive an NDI source and report its format, rate and drops. " + NdiAttribution.Text)
        {
            source, seconds, wait, color, bandwidth, json,
        };
        command.SetAction((parseResult, cancellationToken) => Task.FromResult(Run(
            parseResult, parseResult.GetValue(source)!, parseResult.GetValue(seconds), parseResult.GetValue(wait),
            parseResult.GetValue(color), parseResult.GetValue(bandwidth), parseResult.GetValue(json), cancellationToken)));
        return command;
    }

    private static int Run(
        ParseResult parseResult, string sourceText, double seconds, double wait, NdiColorFormat color, NdiBandwidth bandwidth, bool json,
        CancellationToken cancellationToken)
    {
        var output = parseResult.InvocationConfiguration.Output;
        var error = parseResult.InvocationConfiguration.Error;
        if (!NdiNetworkOptions.TryLoadRuntime(parseResult, "probe", error, out var runtime))
        {
            return ExitCodes.Failed;
        }

        var selector = NdiSourceSelector.Parse(sourceText);
        NdiSource? found;
        IReadOnlyList<NdiSource> visible;
        using (var finder = new NdiFinder(runtime!))
        {
            found = finder.WaitFor(selector, TimeSpan.FromSeconds(wait));
            visible = finder.GetCurrentSources();
        }

        if (found is null)
        {
            var names = visible.Count == 0 ? "none" : string.Join(", ", visible.Select(s => $"'{s.Name}'"));
            error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"sdbroadcast ndi probe: NDI source {selector} was not found within {wait:0.#} s. Visible sources: {names}. " +
                $"Give the full name as MACHINE (NAME); `sdbroadcast ndi sources` lists what this machine sees (groups and discovery settings decide that)."));
            return ExitCodes.Failed;
        }

        var sink = new NdiProbeSink();
        NdiReceiverStatistics statistics;
        using (var receiver = new NdiReceiver(runtime!, new NdiReceiverOptions
        {
            Source = NdiSourceSelector.ByName(found.Name),
            KnownSource = found,
            ColorFormat = color,
            Bandwidth = bandwidth,
            ReceiverName = "sdbroadcast probe",
        }, sink))
        {
            cancellationToken.WaitHandle.WaitOne(TimeSpan.FromSeconds(seconds));
            statistics = receiver.GetStatistics();
        }

        if (sink.Frames == 0)
        {
            error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"sdbroadcast ndi probe: NDI source '{found.Name}' ({found.Url}) was found but sent no video within {seconds:0.#} s; " +
                $"check that it is sending and that the network allows the connection (TCP 5961 and up, UDP 5960 and up)."));
            return ExitCodes.Failed;
        }

        if (json)
        {
            WriteJson(output, found.Name, sink, statistics.DroppedVideoFrames);
        }
        else
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{found.Name} ({found.Url}): {sink.Width}x{sink.Height} {sink.FourCC} {sink.RateN}/{sink.RateD} {sink.FrameFormat}"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{sink.Frames} frames, {sink.FramesPerSecond:0.###} fps by NDI timestamps, longest gap {sink.MaxIntervalMilliseconds:0.#} ms, {statistics.DroppedVideoFrames} dropped."));
        }

        return ExitCodes.Ok;
    }

    private static void WriteJson(TextWriter output, string source, NdiProbeSink sink, long dropped)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("source", source);
            writer.WriteNumber("width", sink.Width);
            writer.WriteNumber("height", sink.Height);
            writer.WriteString("fourcc", sink.FourCC.ToString());
            writer.WriteNumber("rateN", sink.RateN);
            writer.WriteNumber("rateD", sink.RateD);
            writer.WriteString("frameFormat", sink.FrameFormat);
            writer.WriteNumber("frames", sink.Frames);
            writer.WriteNumber("fps", Math.Round(sink.FramesPerSecond, 3));
            writer.WriteNumber("dropped", dropped);
            writer.WriteNumber("maxIntervalMs", Math.Round(sink.MaxIntervalMilliseconds, 1));
            writer.WriteNumber("timecodeSeconds", Math.Round(sink.TimecodeSeconds, 4));
            writer.WriteNumber("timecodeBackwards", sink.TimecodeBackwards);
            writer.WriteEndObject();
        }

        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }
}
