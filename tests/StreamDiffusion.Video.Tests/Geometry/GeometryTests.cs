using StreamDiffusion.Video.Geometry;

namespace StreamDiffusion.Video.Tests.Geometry;

/// <summary>Fit windows, model-size validation and filter taps.</summary>
public sealed class GeometryTests
{
    private static readonly ModelResolution s_square = ModelResolution.Create(512, 512);

    [Fact]
    public void Fit_windows_for_1080p_into_512_square()
    {
        Assert.Equal(new PictureWindow(420, 0, 1080, 1080), FitGeometry.Compute(1920, 1080, s_square, FitMode.Crop).Source);
        Assert.Equal(new PictureWindow(0, 0, 512, 512), FitGeometry.Compute(1920, 1080, s_square, FitMode.Crop).Model);
        Assert.Equal(new PictureWindow(0, 112, 512, 288), FitGeometry.Compute(1920, 1080, s_square, FitMode.Letterbox).Model);
        Assert.Equal(new PictureWindow(0, 0, 1920, 1080), FitGeometry.Compute(1920, 1080, s_square, FitMode.Letterbox).Source);
        Assert.Equal(new PictureWindow(0, 0, 1920, 1080), FitGeometry.Compute(1920, 1080, s_square, FitMode.Stretch).Source);
        // A portrait picture is cropped top and bottom and pillarboxed left and right.
        Assert.Equal(new PictureWindow(0, 420, 1080, 1080), FitGeometry.Compute(1080, 1920, s_square, FitMode.Crop).Source);
        Assert.Equal(new PictureWindow(112, 0, 288, 512), FitGeometry.Compute(1080, 1920, s_square, FitMode.Letterbox).Model);
    }

    [Theory]
    [InlineData(1000, 562)]
    [InlineData(1920, 1080)]
    [InlineData(0, 512)]
    [InlineData(512, 100)]
    public void Model_sizes_off_the_64_grid_are_refused_with_suggestions(int width, int height)
    {
        var error = Assert.Throws<ArgumentException>(() => ModelResolution.Create(width, height));
        Assert.Contains($"{width}×{height}", error.Message, StringComparison.Ordinal);
        Assert.Contains("multiples of 64", error.Message, StringComparison.Ordinal);
        Assert.Contains("512×512", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Suggestions_near_16_by_9_are_1024x576_768x448_and_512x512()
    {
        Assert.Equal(
            [ModelResolution.Create(1024, 576), ModelResolution.Create(768, 448), ModelResolution.Create(512, 512)],
            ModelResolution.Suggest(1920.0 / 1080));
        Assert.Equal(
            [ModelResolution.Create(576, 1024), ModelResolution.Create(448, 768), ModelResolution.Create(512, 512)],
            ModelResolution.Suggest(1080.0 / 1920));
        Assert.Contains("1024×576", Assert.Throws<ArgumentException>(() => ModelResolution.Create(1000, 562)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Area_filter_averages_whole_cells_and_splits_partial_ones()
    {
        var halve = ResampleAxis.Build(SampleGrid.Pixels(4), 0, 4, SampleGrid.Pixels(2), 0, 2);
        Assert.True(halve.IsShrinking);
        Assert.Equal(2, halve.Taps);
        Assert.Equal([0, 2], halve.First);
        Assert.Equal([0.5f, 0.5f, 0.5f, 0.5f], halve.Weights);

        // 3 -> 2: each output covers 1.5 source cells.
        var third = ResampleAxis.Build(SampleGrid.Pixels(3), 0, 3, SampleGrid.Pixels(2), 0, 2);
        Assert.Equal([0, 1], third.First);
        Assert.Equal(2f / 3, third.Weights[0], 6);
        Assert.Equal(1f / 3, third.Weights[1], 6);
        Assert.Equal(1f / 3, third.Weights[2], 6);
        Assert.Equal(2f / 3, third.Weights[3], 6);
    }

    [Fact]
    public void Bilinear_doubling_puts_quarter_and_three_quarter_weights_between_centres()
    {
        var doubling = ResampleAxis.Build(SampleGrid.Pixels(2), 0, 2, SampleGrid.Pixels(4), 0, 4);
        Assert.False(doubling.IsShrinking);
        // Output centres at 0.25, 0.75, 1.25, 1.75 source pixels: edge-replicated ends, 3:1 and 1:3 blends inside.
        Assert.Equal(1f, doubling.Weights[0] + doubling.Weights[1]);
        Assert.Equal([0.75f, 0.25f], doubling.Weights.AsSpan(2, 2).ToArray());
        Assert.Equal([0.25f, 0.75f], doubling.Weights.AsSpan(4, 2).ToArray());
    }

    [Fact]
    public void Every_inside_sample_of_a_1080_to_512_axis_sums_to_one_and_stays_in_bounds()
    {
        var axis = ResampleAxis.Build(SampleGrid.Pixels(1920), 420, 1080, SampleGrid.Pixels(512), 0, 512);
        Assert.Equal(4, axis.Taps);
        for (var j = 0; j < 512; j++)
        {
            var sum = 0f;
            for (var t = 0; t < axis.Taps; t++)
            {
                var weight = axis.Weights[(j * axis.Taps) + t];
                sum += weight;
                if (weight != 0f)
                {
                    // Area cells of a crop never reach outside the crop window.
                    Assert.InRange(axis.First[j] + t, 420, 1499);
                }
            }

            Assert.Equal(1f, sum, 5);
        }
    }

    [Fact]
    public void Cosited_chroma_sample_k_sits_on_luma_pixel_2k()
    {
        var chroma = SampleGrid.CositedChroma(7);
        Assert.Equal(4, chroma.Count);
        Assert.Equal(2.5, chroma.ToPicture(1.5));
        Assert.Equal(0.5, SampleGrid.Field(10, 0).ToPicture(0.5));
        Assert.Equal(1.5, SampleGrid.Field(10, 1).ToPicture(0.5));
    }
}
