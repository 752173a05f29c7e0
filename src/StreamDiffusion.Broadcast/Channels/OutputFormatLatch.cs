using StreamDiffusion.Broadcast.Channels.Inputs;
using StreamDiffusion.Broadcast.Configuration;
using StreamDiffusion.Video.Conversion;
using StreamDiffusion.Video.Frames;

namespace StreamDiffusion.Broadcast.Channels;

/// <summary>
/// The channel's output format, fixed for the life of the channel: configured (known at start, so even the first
/// input-loss slate has it), or latched from the first input frame. It never changes while live; later input frames
/// of another shape are converted to it (<see cref="FrameConformer"/>). The pixel format is UYVY, or UYVA when the
/// first input carries alpha and the alpha policy keeps it.
/// </summary>
public sealed class OutputFormatLatch
{
    private Latched? _latched;

    private OutputFormatLatch(Latched? latched) => _latched = latched;

    /// <summary>The output frame shape, or null until latched.</summary>
    public FrameSpec? Spec => Volatile.Read(ref _latched)?.Spec;

    /// <summary>The output frame rate, or null until latched.</summary>
    public FrameRate? Rate => Volatile.Read(ref _latched)?.Rate;

    /// <summary>True when the format came from the settings.</summary>
    public bool IsConfigured { get; private init; }

    /// <summary>From the channel's <c>OutputFormat</c> setting (empty: latch from the first input frame).</summary>
    public static OutputFormatLatch For(string setting)
    {
        if (string.IsNullOrEmpty(setting))
        {
            return new OutputFormatLatch(null);
        }

        if (!VideoFormatText.TryParseFormat(setting, out var format))
        {
            throw new ArgumentException($"OutputFormat \"{setting}\" is not a video format; write {VideoFormatText.FormatHelp}.", nameof(setting));
        }

        return new OutputFormatLatch(new Latched(new FrameSpec(PixelFormat.Uyvy, format.Width, format.Height), new FrameRate(format.RateN, format.RateD)))
        {
            IsConfigured = true,
        };
    }

    /// <summary>
    /// The format in force, latching it from <paramref name="input"/> at <paramref name="rate"/> when none is yet;
    /// the first caller wins and every later call returns the same format.
    /// </summary>
    public (FrameSpec Spec, FrameRate Rate) LatchFrom(FrameSpec input, FrameRate rate, VideoPathSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (Volatile.Read(ref _latched) is { } latched)
        {
            return (latched.Spec, latched.Rate);
        }

        var alpha = PixelFormats.HasAlpha(input.Format) && settings.Alpha != Video.Geometry.AlphaPolicy.Drop;
        var spec = TensorToFrameConverter.OutputFor(input, alpha ? PixelFormat.Uyva : PixelFormat.Uyvy, settings);
        Interlocked.CompareExchange(ref _latched, new Latched(spec, rate), null);
        var won = Volatile.Read(ref _latched)!;
        return (won.Spec, won.Rate);
    }

    private sealed record Latched(FrameSpec Spec, FrameRate Rate);
}
