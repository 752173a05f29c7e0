namespace StreamDiffusion.Video.Geometry;

/// <summary>How an input picture of one aspect fills a model picture of another; the output applies the exact inverse.</summary>
public enum FitMode
{
    /// <summary>Cut the centre of the input to the model's aspect; outside that window the output is black.</summary>
    Crop,

    /// <summary>Fit the whole input inside the model, black bars in the model picture; the bars are dropped on the way out.</summary>
    Letterbox,

    /// <summary>Scale each axis independently: nothing lost, shapes distorted inside the model.</summary>
    Stretch,
}
