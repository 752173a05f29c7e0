using StreamDiffusion.Video.Conversion;
using StreamDiffusion.Video.Frames;

namespace StreamDiffusion.Broadcast.Channels;

/// <summary>
/// Brings frames to the channel's fixed output shape on the thread that owns this instance (input or inference):
/// frames already in shape pass (or are copied) as they are; others are converted with a <see cref="FrameConformer"/>
/// built once per input shape. Not thread-safe: one per thread.
/// </summary>
internal sealed class OutputConformer(VideoPathSettings settings, VideoFramePool pool) : IDisposable
{
    private readonly Dictionary<(FrameSpec From, FrameSpec To), FrameConformer> _conformers = [];

    /// <summary>Frames converted because their shape differed from the output's.</summary>
    public long Converted { get; private set; }

    /// <summary>A new frame (the caller's) with <paramref name="source"/>'s picture in shape <paramref name="target"/>; the source stays the caller's.</summary>
    public VideoFrame CopyAs(VideoFrame source, FrameSpec target)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (Matches(source, target))
        {
            var copy = pool.Rent(source.Format, source.Width, source.Height, source.StrideBytes);
            source.Data.CopyTo(copy.Data);
            copy.Provenance = source.Provenance;
            return copy;
        }

        return Convert(source, target);
    }

    /// <summary><paramref name="source"/> itself when in shape, else a converted frame and <paramref name="source"/> is disposed.</summary>
    public VideoFrame Into(VideoFrame source, FrameSpec target)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (Matches(source, target))
        {
            return source;
        }

        var converted = Convert(source, target);
        source.Dispose();
        return converted;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var conformer in _conformers.Values)
        {
            conformer.Dispose();
        }

        _conformers.Clear();
    }

    private static bool Matches(VideoFrame frame, FrameSpec target) =>
        frame.Format == target.Format && frame.Width == target.Width && frame.Height == target.Height && frame.Provenance.FieldFormat == target.FieldFormat;

    private VideoFrame Convert(VideoFrame source, FrameSpec target)
    {
        var from = new FrameSpec(source.Format, source.Width, source.Height, source.Provenance.FieldFormat);
        if (!_conformers.TryGetValue((from, target), out var conformer))
        {
            conformer = new FrameConformer(from, target, settings);
            _conformers[(from, target)] = conformer;
        }

        var frame = pool.Rent(target.Format, target.Width, target.Height);
        conformer.Convert(source, frame);
        Converted++;
        return frame;
    }
}
