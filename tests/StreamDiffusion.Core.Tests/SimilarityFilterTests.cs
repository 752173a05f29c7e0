using StreamDiffusion.Core.Filtering;
using StreamDiffusion.Core.Guidance;
using StreamDiffusion.Core.Pipeline;
using StreamDiffusion.Core.Tests.Fakes;

namespace StreamDiffusion.Core.Tests;

public sealed class SimilarityFilterTests
{
    [Theory]
    [InlineData(0.99f, 0.98f, 0.5f)]
    [InlineData(0.97f, 0.98f, 0f)]
    [InlineData(1f, 0.98f, 1f)]
    [InlineData(0.995f, 0.99f, 0.5f)]
    [InlineData(1f, 1f, 0f)]
    public void Skip_probability_is_the_reference_formula(float similarity, float threshold, float expected)
    {
        Assert.Equal(expected, SimilarityFilter.SkipProbability(similarity, threshold), 1e-4f);
    }

    [Fact]
    public void Cosine_similarity_is_one_for_a_scaled_copy_and_zero_for_orthogonal_inputs()
    {
        Assert.Equal(1f, SimilarityFilter.CosineSimilarity([1, 2, 3], [2, 4, 6]), 1e-6f);
        Assert.Equal(0f, SimilarityFilter.CosineSimilarity([1, 0], [0, 1]), 1e-6f);
        Assert.Equal(0f, SimilarityFilter.CosineSimilarity([0, 0], [0, 0]));
    }

    [Fact]
    public void A_still_input_is_skipped_with_heartbeats_and_refreshed_after_max_skips_without_running_models()
    {
        var fakes = new FakeModels();
        var random = new ScriptedRandom(0.0);
        var parameters = StreamBatchStepTests.Parameters(GuidanceMode.Self, [32, 45]) with
        {
            SimilarityFilter = new SimilarityFilterSettings(Enabled: true, Threshold: 0.9f, MaxSkipFrames: 3),
        };
        var pipeline = new StreamPipeline(fakes.Models, parameters, random);
        var frame = new TestFrame();
        var outcomes = new List<FrameOutcome>();
        var calls = new List<int>();
        FrameProvenance shown = default;
        for (int id = 0; id < 12; id++)
        {
            StreamFrameResult result = pipeline.ProcessFrame(frame.At(id));
            outcomes.Add(result.Outcome);
            calls.Add(fakes.Unet.CallCount);
            if (result.Outcome == FrameOutcome.NewFrame)
            {
                shown = result.Output;
            }
            else if (result.Outcome == FrameOutcome.Skipped)
            {
                Assert.Equal(shown, result.Output); // the standing picture, with its own provenance
                Assert.Equal(id, result.Input.FrameId);
            }
        }

        // Warm-up (1), filter held while the first rows pass (2), then 3 skips and a forced refresh, repeating.
        FrameOutcome n = FrameOutcome.NewFrame, s = FrameOutcome.Skipped;
        Assert.Equal([FrameOutcome.NoNewFrameYet, n, n, s, s, s, n, s, s, s, n, s], outcomes);
        Assert.Equal([1, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5], calls);
        Assert.Equal(7, pipeline.Status.Skips);
    }

    [Fact]
    public void The_filter_processes_when_the_draw_is_above_the_skip_probability()
    {
        var fakes = new FakeModels();
        var random = new ScriptedRandom(0.999);
        var parameters = StreamBatchStepTests.Parameters(GuidanceMode.Self, [32, 45]) with
        {
            SimilarityFilter = new SimilarityFilterSettings(Enabled: true, Threshold: 0.98f, MaxSkipFrames: 10),
        };
        var pipeline = new StreamPipeline(fakes.Models, parameters, random);
        var frame = new TestFrame();
        for (int id = 0; id < 10; id++)
        {
            frame.Phase = 0.05f * id; // slow motion: S ≈ cos(0.05) ≈ 0.9988, so P ≈ 0.94, below the draw
            Assert.NotEqual(FrameOutcome.Skipped, pipeline.ProcessFrame(frame.At(id)).Outcome);
        }

        Assert.True(random.Draws >= 6);
        Assert.InRange(pipeline.Status.Skips, 0, 0);
    }

    [Fact]
    public void The_filter_is_suspended_while_a_parameter_change_moves_through_the_buffer()
    {
        var fakes = new FakeModels();
        var parameters = StreamBatchStepTests.Parameters(GuidanceMode.Self, [32, 45]) with
        {
            SimilarityFilter = new SimilarityFilterSettings(Enabled: true, Threshold: 0.9f, MaxSkipFrames: 100),
            TransitionDuration = TimeSpan.FromMilliseconds(200), // 5 frames
        };
        var pipeline = new StreamPipeline(fakes.Models, parameters, new ScriptedRandom(0.0));
        var frame = new TestFrame();
        long id = 0;
        for (; id < 6; id++)
        {
            pipeline.ProcessFrame(frame.At(id));
        }

        Assert.Equal(FrameOutcome.Skipped, pipeline.ProcessFrame(frame.At(id++)).Outcome);
        pipeline.Update(parameters with { Prompt = "a dog" });
        var outcomes = new List<FrameOutcome>();
        for (int i = 0; i < 10; i++, id++)
        {
            outcomes.Add(pipeline.ProcessFrame(frame.At(id)).Outcome);
        }

        // 6 frames of blend (progress 0 … 1), then 1 more for the row that entered last to finish (n = 2), all
        // processed at full rate; then skipping resumes.
        FrameOutcome n = FrameOutcome.NewFrame, s = FrameOutcome.Skipped;
        Assert.Equal([n, n, n, n, n, n, n, s, s, s], outcomes);
    }
}
