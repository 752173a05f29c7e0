namespace StreamDiffusion.Video.Geometry;

/// <summary>
/// The pair of windows a fit mode pairs up: <see cref="Source"/> in the input picture maps onto <see cref="Model"/>
/// in the model picture. The way out maps <see cref="Model"/> back onto <see cref="Source"/>, which is what makes it
/// the exact inverse.
/// </summary>
public readonly record struct FitGeometry(FitMode Mode, PictureWindow Source, PictureWindow Model)
{
    /// <summary>Computes the windows for an input picture of <paramref name="pictureWidth"/> × <paramref name="pictureHeight"/>.</summary>
    /// <exception cref="ArgumentException">The picture size is not positive.</exception>
    public static FitGeometry Compute(int pictureWidth, int pictureHeight, ModelResolution model, FitMode mode)
    {
        if (pictureWidth <= 0 || pictureHeight <= 0)
        {
            throw new ArgumentException($"Picture size {pictureWidth}×{pictureHeight} is not a picture; both sides must be at least 1.", nameof(pictureWidth));
        }

        var full = new PictureWindow(0, 0, pictureWidth, pictureHeight);
        var whole = new PictureWindow(0, 0, model.Width, model.Height);
        // Compare aspects exactly in integers: picture wider than the model when pw*mh > ph*mw.
        var wider = (long)pictureWidth * model.Height > (long)pictureHeight * model.Width;
        switch (mode)
        {
            case FitMode.Stretch:
                return new FitGeometry(mode, full, whole);
            case FitMode.Crop:
                if (wider)
                {
                    var w = Math.Clamp((int)Math.Round((double)pictureHeight * model.Width / model.Height), 1, pictureWidth);
                    return new FitGeometry(mode, new PictureWindow((pictureWidth - w) / 2, 0, w, pictureHeight), whole);
                }
                else
                {
                    var h = Math.Clamp((int)Math.Round((double)pictureWidth * model.Height / model.Width), 1, pictureHeight);
                    return new FitGeometry(mode, new PictureWindow(0, (pictureHeight - h) / 2, pictureWidth, h), whole);
                }

            case FitMode.Letterbox:
                if (wider)
                {
                    var h = Math.Clamp((int)Math.Round((double)model.Width * pictureHeight / pictureWidth), 1, model.Height);
                    return new FitGeometry(mode, full, new PictureWindow(0, (model.Height - h) / 2, model.Width, h));
                }
                else
                {
                    var w = Math.Clamp((int)Math.Round((double)model.Height * pictureWidth / pictureHeight), 1, model.Width);
                    return new FitGeometry(mode, full, new PictureWindow((model.Width - w) / 2, 0, w, model.Height));
                }

            default:
                throw new ArgumentOutOfRangeException(nameof(mode), mode, "Fit mode must be Crop, Letterbox or Stretch.");
        }
    }
}
