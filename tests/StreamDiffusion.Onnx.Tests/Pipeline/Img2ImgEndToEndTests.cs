using StreamDiffusion.Core.Filtering;
using StreamDiffusion.Core.Guidance;
using StreamDiffusion.Core.Pipeline;
using StreamDiffusion.Onnx.Folders;
using StreamDiffusion.Onnx.Sessions;
using StreamDiffusion.Onnx.Synthetic;

namespace StreamDiffusion.Onnx.Tests.Pipeline;

/// <summary>
/// The Core StreamDiffusion pipeline over real ONNX Runtime sessions of synthetic model folders with the real
/// signatures: both families, fp32 and fp16 I/O. A static input must come out resembling itself (the near-identity
/// models), and the similarity filter must then skip it, refreshing at least every MaxSkipFrames + 1 frames.
/// </summary>
public sealed class Img2ImgEndToEndTests
{
    private const int Size = 64;

    private sealed class StaticFrame(float[] image) : IStreamInputFrame
    {
        public long Id { get; set; }

        public FrameProvenance Provenance => new(Id, TimeSpan.FromMilliseconds(Id * 33.3), Id);

        public void WriteModelImage(int height, int width, Span<float> destination)
        {
            Assert.Equal((Size, Size), (height, width));
            image.CopyTo(destination);
        }
    }

    [Theory]
    [InlineData(SyntheticFamily.SdTurboLike, false)]
    [InlineData(SyntheticFamily.SdTurboLike, true)]
    [InlineData(SyntheticFamily.Sd15Like, false)]
    [InlineData(SyntheticFamily.Sd15Like, true)]
    public void A_static_input_is_restyled_then_skipped_by_the_similarity_filter(SyntheticFamily family, bool float16)
    {
        using var folder = new TempFolder("e2e");
        SyntheticModelFolder.Write(folder.Path, new SyntheticModelOptions { Family = family, Float16Io = float16, ImageSize = Size, NearIdentity = true });
        var parameters = new StreamParameters
        {
            Prompt = "a watercolour painting",
            StepIndices = [32, 45],
            Guidance = GuidanceMode.Self,
            GuidanceScale = 1.2f,
            SimilarityFilter = new SimilarityFilterSettings(Enabled: true, Threshold: 0.98f, MaxSkipFrames: 10),
        };
        using var sessions = new SessionPool();
        using var loaded = ModelFolder.Load(folder.Path, new ModelLoadOptions
        {
            ImageWidth = Size,
            ImageHeight = Size,
            MaxUnetRows = ResidualGuidance.UnetRowsFor(parameters.Guidance, parameters.Steps),
        }, sessions);
        var pipeline = new StreamPipeline(loaded.Models, parameters);
        var input = TestImages.Gradient(Size);
        var frame = new StaticFrame(input);

        var outcomes = new List<FrameOutcome>();
        double? resemblance = null;
        for (var i = 0; i < 40; i++)
        {
            frame.Id = i;
            var result = pipeline.ProcessFrame(frame);
            outcomes.Add(result.Outcome);
            if (result.Outcome == FrameOutcome.NewFrame)
            {
                Assert.True(IsFinite(pipeline.OutputImage), "the output holds NaN or Inf");
                resemblance = Correlation(pipeline.OutputImage, input);
            }
        }

        // Warm-up: with two steps the first output is not shown; then pictures, then skips of the static input.
        Assert.Equal(FrameOutcome.NoNewFrameYet, outcomes[0]);
        Assert.DoesNotContain(FrameOutcome.Dropped, outcomes);
        Assert.Contains(FrameOutcome.NewFrame, outcomes);
        Assert.True(outcomes.Count(o => o == FrameOutcome.Skipped) >= 25, string.Join(",", outcomes));
        Assert.True(LongestRun(outcomes, FrameOutcome.Skipped) <= 10, string.Join(",", outcomes));

        // The near-identity UNet only predicts the noise a 3×3 blur removes, so each step leaves blurred noise of
        // √((1−ᾱ)/ᾱ) behind (about 0.9 at t = 359, the first of the two steps): the picture that comes out is the input
        // under visible grain. It must still correlate clearly with the input; an unrelated picture correlates near 0
        // (measured here: 0.66 for every family and precision).
        Assert.NotNull(resemblance);
        Assert.True(resemblance > 0.5, $"correlation with the input {resemblance:0.000}");
    }

    private static double Correlation(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double meanA = 0, meanB = 0;
        for (var i = 0; i < a.Length; i++)
        {
            meanA += a[i];
            meanB += b[i];
        }

        meanA /= a.Length;
        meanB /= b.Length;
        double covariance = 0, varianceA = 0, varianceB = 0;
        for (var i = 0; i < a.Length; i++)
        {
            covariance += (a[i] - meanA) * (b[i] - meanB);
            varianceA += (a[i] - meanA) * (a[i] - meanA);
            varianceB += (b[i] - meanB) * (b[i] - meanB);
        }

        return covariance / Math.Sqrt(varianceA * varianceB);
    }

    private static bool IsFinite(ReadOnlySpan<float> values)
    {
        foreach (var value in values)
        {
            if (!float.IsFinite(value))
            {
                return false;
            }
        }

        return true;
    }

    private static int LongestRun(List<FrameOutcome> outcomes, FrameOutcome outcome)
    {
        int longest = 0, run = 0;
        foreach (var o in outcomes)
        {
            run = o == outcome ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }

        return longest;
    }
}
