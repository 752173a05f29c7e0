namespace StreamDiffusion.Core.Pipeline;

/// <summary>
/// One input frame as the pipeline sees it: its provenance, and its picture rendered on request as the planar RGB model
/// tensor <c>[3, height, width]</c> in [-1, 1]. A request per size lets a structural change to a new resolution warm up
/// on the same frames while the running state keeps its own size. Implementations must not allocate per call.
/// </summary>
public interface IStreamInputFrame
{
    /// <summary>Where this frame came from.</summary>
    FrameProvenance Provenance { get; }

    /// <summary>Writes the frame, fitted to <paramref name="height"/> × <paramref name="width"/>, into <paramref name="image"/> (3·height·width floats).</summary>
    void WriteModelImage(int height, int width, Span<float> image);
}
