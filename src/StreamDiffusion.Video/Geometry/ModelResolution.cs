namespace StreamDiffusion.Video.Geometry;

/// <summary>
/// The picture size a diffusion model runs at. Both sides must be multiples of 64 (the UNet downsamples by 8 in the
/// VAE and by 8 again inside, so smaller multiples leave misaligned feature maps).
/// </summary>
public readonly record struct ModelResolution
{
    /// <summary>Both sides must be a multiple of this.</summary>
    public const int Multiple = 64;

    private ModelResolution(int width, int height)
    {
        Width = width;
        Height = height;
    }

    /// <summary>Columns.</summary>
    public int Width { get; }

    /// <summary>Rows.</summary>
    public int Height { get; }

    /// <summary>A checked model resolution.</summary>
    /// <exception cref="ArgumentException">A side is not a positive multiple of 64; the message suggests sizes near the same aspect.</exception>
    public static ModelResolution Create(int width, int height)
    {
        if (width >= Multiple && height >= Multiple && width % Multiple == 0 && height % Multiple == 0 && width <= 4096 && height <= 4096)
        {
            return new ModelResolution(width, height);
        }

        var aspect = width > 0 && height > 0 ? (double)width / height : 16.0 / 9.0;
        var suggestions = string.Join(", ", Suggest(aspect).Select(s => $"{s.Width}×{s.Height}"));
        throw new ArgumentException(
            $"Model resolution {width}×{height} is not usable: both sides must be multiples of {Multiple} between {Multiple} and 4096. " +
            $"Try one of: {suggestions}.", nameof(width));
    }

    /// <summary>Model sizes near <paramref name="aspect"/> (width / height): long side 1024 and 768 rounded to 64s, and 512×512.</summary>
    public static IReadOnlyList<ModelResolution> Suggest(double aspect)
    {
        if (!(aspect > 0) || double.IsInfinity(aspect))
        {
            aspect = 16.0 / 9.0;
        }

        var list = new List<ModelResolution>(3);
        foreach (var longSide in (ReadOnlySpan<int>)[1024, 768])
        {
            var shortSide = Math.Max(Multiple, (int)Math.Round(longSide / Math.Max(aspect, 1 / aspect) / Multiple) * Multiple);
            var candidate = aspect >= 1 ? new ModelResolution(longSide, shortSide) : new ModelResolution(shortSide, longSide);
            if (!list.Contains(candidate))
            {
                list.Add(candidate);
            }
        }

        var square = new ModelResolution(512, 512);
        if (!list.Contains(square))
        {
            list.Add(square);
        }

        return list;
    }

    /// <summary>Any size, unchecked: for same-size format conversion inside this assembly and for tests.</summary>
    internal static ModelResolution Unchecked(int width, int height) => new(width, height);

    /// <inheritdoc/>
    public override string ToString() => $"{Width}×{Height}";
}
