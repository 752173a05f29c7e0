using StreamDiffusion.Video.Conversion;
using StreamDiffusion.Video.Frames;
using StreamDiffusion.Video.Geometry;
using StreamDiffusion.Video.Signals;

namespace StreamDiffusion.Video.Tests.Conversion;

/// <summary>
/// The test pattern goes in, through the model resolution with an identity model, and back out: its bar edges (across)
/// and the bars' lower edge (down) must land within one pixel of where they were, for every fit mode.
/// </summary>
public sealed class FitInverseTests
{
    [Theory]
    [InlineData(FitMode.Crop, 1280, 720, 512, 512)]
    [InlineData(FitMode.Letterbox, 1280, 720, 512, 512)]
    [InlineData(FitMode.Stretch, 1280, 720, 512, 512)]
    [InlineData(FitMode.Crop, 720, 576, 768, 448)]
    [InlineData(FitMode.Letterbox, 1366, 768, 512, 512)]
    [InlineData(FitMode.Stretch, 1920, 1080, 1024, 576)]
    public void Test_pattern_comes_back_aligned_within_one_pixel(FitMode mode, int width, int height, int modelWidth, int modelHeight)
    {
        var spec = new FrameSpec(PixelFormat.Uyvy, width, height);
        var model = ModelResolution.Create(modelWidth, modelHeight);
        var settings = new VideoPathSettings(mode);
        using var pattern = new TestPatternGenerator(spec, 25, 1);
        using var input = TestFrames.Pool.Rent(spec.Format, width, height);
        pattern.Render(12, input);
        using var tensor = new ModelTensor(model);
        using var output = TestFrames.Pool.Rent(spec.Format, width, height);
        var wayIn = new FrameToTensorConverter(spec, model, settings);
        var wayOut = new TensorToFrameConverter(spec, model, spec, settings);
        wayIn.Convert(input, tensor);
        wayOut.Convert(tensor, output);

        var window = wayIn.Fit.Source;
        var margin = 3.0 * width / modelWidth;
        var line = pattern.BarsBottom / 2;
        var checkedEdges = 0;
        for (var bar = 1; bar < 7; bar++)
        {
            var x = pattern.BarX(bar);
            if (x < window.X + margin || x > window.X + window.Width - margin)
            {
                continue;
            }

            var before = Crossing(x2 => TestFrames.Luma(input, x2, line), x - 12, x + 12);
            var after = Crossing(x2 => TestFrames.Luma(output, x2, line), x - 12, x + 12);
            Assert.InRange(after - before, -1.0, 1.0);
            checkedEdges++;
        }

        Assert.True(checkedEdges >= 3, $"only {checkedEdges} bar edges lie inside the {mode} window; the test would prove little");

        // Down a bar whose castellation below is black (yellow, green or red), inside the window: the step between them.
        var bar2 = new[] { 3, 1, 5 }.First(b => (pattern.BarX(b) + pattern.BarX(b + 1)) / 2 is var c && c > window.X + margin && c < window.X + window.Width - margin);
        var column = (pattern.BarX(bar2) + pattern.BarX(bar2 + 1)) / 2;
        var bottom = pattern.BarsBottom;
        var beforeY = Crossing(y => TestFrames.Luma(input, column, y), bottom - 12, bottom + 12);
        var afterY = Crossing(y => TestFrames.Luma(output, column, y), bottom - 12, bottom + 12);
        Assert.InRange(afterY - beforeY, -1.0, 1.0);
    }

    [Fact]
    public void Crop_output_is_black_outside_the_window_and_letterbox_bars_never_reach_the_output()
    {
        var spec = new FrameSpec(PixelFormat.Uyvy, 1280, 720);
        var model = ModelResolution.Create(512, 512);
        using var pattern = new TestPatternGenerator(spec, 25, 1);
        using var input = TestFrames.Pool.Rent(spec.Format, spec.Width, spec.Height);
        pattern.Render(0, input);
        using var tensor = new ModelTensor(model);
        using var output = TestFrames.Pool.Rent(spec.Format, spec.Width, spec.Height);

        var crop = new VideoPathSettings(FitMode.Crop);
        new FrameToTensorConverter(spec, model, crop).Convert(input, tensor);
        new TensorToFrameConverter(spec, model, spec, crop).Convert(tensor, output);
        Assert.Equal(16, TestFrames.Luma(output, 10, 100));
        Assert.Equal((128, 128), TestFrames.Chroma(output, 10, 100));
        Assert.Equal(16, TestFrames.Luma(output, 1270, 100));

        var letterbox = new VideoPathSettings(FitMode.Letterbox);
        new FrameToTensorConverter(spec, model, letterbox).Convert(input, tensor);
        Assert.Equal(-1f, tensor.Plane(0)[5 * 512]);
        new TensorToFrameConverter(spec, model, spec, letterbox).Convert(tensor, output);
        // The top line of the output is the top of the white bar, not a letterbox bar.
        Assert.InRange(TestFrames.Luma(output, 40, 0), 170, 190);
    }

    /// <summary>Sub-pixel position where a sampled line crosses halfway between its values at the two ends.</summary>
    private static double Crossing(Func<int, int> sample, int from, int to)
    {
        var mid = (sample(from) + sample(to)) / 2.0;
        var rising = sample(to) > sample(from);
        for (var i = from; i < to; i++)
        {
            double a = sample(i), b = sample(i + 1);
            if (rising ? a < mid && b >= mid : a > mid && b <= mid)
            {
                // Pixel centres are at i + 0.5.
                return i + 0.5 + ((mid - a) / (b - a));
            }
        }

        throw new InvalidOperationException($"no crossing of {mid} between {from} and {to}");
    }
}
