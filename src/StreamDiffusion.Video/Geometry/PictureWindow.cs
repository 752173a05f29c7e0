namespace StreamDiffusion.Video.Geometry;

/// <summary>A rectangle in picture pixels: columns [X, X + Width), rows [Y, Y + Height).</summary>
public readonly record struct PictureWindow(int X, int Y, int Width, int Height)
{
    /// <summary>The window scaled from a picture of one size to another (used when output and input sizes differ).</summary>
    public PictureWindow ScaleTo(int fromWidth, int fromHeight, int toWidth, int toHeight)
    {
        var x0 = (int)Math.Round((double)X * toWidth / fromWidth);
        var y0 = (int)Math.Round((double)Y * toHeight / fromHeight);
        var x1 = (int)Math.Round((double)(X + Width) * toWidth / fromWidth);
        var y1 = (int)Math.Round((double)(Y + Height) * toHeight / fromHeight);
        return new PictureWindow(x0, y0, Math.Max(1, x1 - x0), Math.Max(1, y1 - y0));
    }
}
