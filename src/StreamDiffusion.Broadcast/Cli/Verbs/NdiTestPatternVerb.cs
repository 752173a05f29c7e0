using System.CommandLine;
using System.Globalization;
using System.Text.Unicode;
using StreamDiffusion.Ndi;
using StreamDiffusion.Video.Frames;
using StreamDiffusion.Video.Signals;

namespace StreamDiffusion.Broadcast.Cli.Verbs;

/// <summary>
/// <c>sdbroadcast ndi test-pattern --name NAME [--size WxH] [--rate N/D] [--interlaced] [--seconds S]</c>: publishes
/// moving colour bars as an NDI source, clocked at the exact rate; frame n carries timecode n·D/N s and the metadata
/// <c>&lt;sdb_test_pattern frame="n"/&gt;</c>, so receivers can check order and loss.
/// </summary>
internal static class NdiTestPatternVerb
{
    /// <summary>Creates the verb.</summary>
    public static Command Create()
    {
        var name = new Option<string>("--name") { Description = "Source name; published as MACHINE (NAME).", Required = true };
        var size = new Option<(int Width, int Height)>("--size")
        {
            Description = "Frame size WIDTHxHEIGHT (default 1280x720).",
            DefaultValueFactory = _ => (1280, 720),
            CustomParser = VideoArguments.ParseSize,
        };
        var rate = new Option<(int N, int D)>("--rate")
        {
            Description = "Exact frame rate N/D (default 30000/1001).",
            DefaultValueFactory = _ => (30000, 1001),
            CustomParser = VideoArguments.ParseRate,
        };
        var interlaced = new Option<bool>("--interlaced") { Description = "Mark frames as interleaved fields (e.g. 1080i) instead of progressive." };
        var seconds = new Option<double?>("--seconds")
        {
            Description = "Stop after this many seconds of frames (counted in frames at the rate); default: until Ctrl+C.",
            CustomParser = result => VideoArguments.ParseSeconds(result),
        };
        var command = new Command("test-pattern", "Send moving colour bars as an NDI source. " + NdiAttribution.Text)
        {
            name, size, rate, interlaced, seconds,
        };
        command.SetAction((parseResult, cancellationToken) => Task.FromResult(Run(
            parseResult, parseResult.GetValue(name)!, parseResult.GetValue(size), parseResult.GetValue(rate), parseResult.GetValue(interlaced),
            parseResult.GetValue(seconds), cancellationToken)));
        return command;
    }

    private static int Run(
        ParseResult parseResult, string name, (int Width, int Height) size, (int N, int D) rate, bool interlaced, double? seconds,
        CancellationToken cancellationToken)
    {
        var output = parseResult.InvocationConfiguration.Output;
        var error = parseResult.InvocationConfiguration.Error;
        if (!NdiNetworkOptions.TryLoadRuntime(parseResult, "test-pattern", error, out var runtime))
        {
            return ExitCodes.Failed;
        }

        NdiSender sender;
        try
        {
            sender = new NdiSender(runtime!, new NdiSenderOptions { Name = name, ClockVideo = true });
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            error.WriteLine($"sdbroadcast ndi test-pattern: {e.Message}");
            return ExitCodes.Failed;
        }

        using (sender)
        {
            var format = new NdiVideoFormat(size.Width, size.Height, NdiFourCC.UYVY, rate.N, rate.D,
                interlaced ? NdiFrameFormat.Interleaved : NdiFrameFormat.Progressive);
            var frames = seconds is { } s ? (long)Math.Round(s * rate.N / rate.D) : long.MaxValue;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Sending '{sender.PublishedName}'{(sender.Url.Length > 0 ? $" at {sender.Url}" : "")}: {size.Width}x{size.Height} UYVY {rate.N}/{rate.D} {(interlaced ? "interleaved" : "progressive")}{(seconds is null ? ", until Ctrl+C" : $", {frames} frames")}."));
            output.Flush();

            // The Video project's moving test pattern (75 % bars, sweep, frame number and timecode burnt in).
            using var pattern = new TestPatternGenerator(
                new FrameSpec(PixelFormat.Uyvy, size.Width, size.Height, interlaced ? FieldFormat.Interleaved : FieldFormat.Progressive), rate.N, rate.D);
            using var picture = new VideoFramePool().Rent(PixelFormat.Uyvy, size.Width, size.Height, format.EffectiveStride);
            var metadata = new byte[64];
            long n = 0;
            for (; n < frames && !cancellationToken.IsCancellationRequested; n++)
            {
                pattern.Render(n, picture);
                picture.Data.CopyTo(sender.GetVideoBuffer(format));
                Utf8.TryWrite(metadata, CultureInfo.InvariantCulture, $"<sdb_test_pattern frame=\"{n}\"/>", out var length);
                sender.SendVideoAsync(NdiTimecode.FromFrameNumber(n, rate.N, rate.D), metadata.AsSpan(0, length));
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Sent {n} frames."));
        }

        return ExitCodes.Ok;
    }
}
