namespace StreamDiffusion.Video.Geometry;

/// <summary>
/// Where the samples of one axis sit in picture coordinates: sample <c>i</c> covers grid cell [i, i + 1) and
/// grid coordinate <c>g = Scale·p + Offset</c> for picture coordinate <c>p</c> (pixel <c>x</c> covers [x, x + 1)).
/// Luma and progressive rows: scale 1, offset 0. 4:2:2 chroma co-sited with even luma (BT.601/709/2020):
/// scale ½, offset ¼. Field 0 lines (even picture lines): scale ½, offset ¼; field 1: scale ½, offset −¼.
/// </summary>
public readonly record struct SampleGrid(int Count, double Scale, double Offset)
{
    /// <summary>A grid of whole picture pixels.</summary>
    public static SampleGrid Pixels(int count) => new(count, 1, 0);

    /// <summary>Chroma of a 4:2:2 picture <paramref name="lumaWidth"/> wide.</summary>
    public static SampleGrid CositedChroma(int lumaWidth) => new((lumaWidth + 1) / 2, 0.5, 0.25);

    /// <summary>The lines of one field (0 or 1) of a picture, <paramref name="lines"/> of them.</summary>
    public static SampleGrid Field(int lines, int field) => new(lines, 0.5, field == 0 ? 0.25 : -0.25);

    /// <summary>Grid coordinate of picture coordinate <paramref name="p"/>.</summary>
    public double ToGrid(double p) => (Scale * p) + Offset;

    /// <summary>Picture coordinate of grid coordinate <paramref name="g"/>.</summary>
    public double ToPicture(double g) => (g - Offset) / Scale;
}
