using StreamDiffusion.Core.Filtering;
using StreamDiffusion.Core.Guidance;
using StreamDiffusion.Core.Models;
using StreamDiffusion.Core.Pipeline;
using StreamDiffusion.Core.Tests.Fakes;

namespace StreamDiffusion.Core.Tests;

public sealed class ParameterValidationTests
{
    public static TheoryData<string, string> BadParameters => new()
    {
        { "frame buffer", "FrameBufferSize 2 is not supported" },
        { "guidance", "GuidanceScale 25 is outside [0, 20]" },
        { "delta", "Delta 1.5 is outside [0, 1]" },
        { "steps", "Step index 60 at position 1" },
        { "filter", "Similarity filter threshold 1.5 is outside [0, 1]" },
        { "transition", "TransitionDuration -00:00:01 is outside" },
    };

    [Theory]
    [MemberData(nameof(BadParameters))]
    public void Bad_parameters_are_refused_naming_value_limit_and_fix_and_the_stream_keeps_running(string field, string expected)
    {
        StreamParameters good = StreamBatchStepTests.Parameters(GuidanceMode.Self, [32, 45]);
        StreamParameters bad = field switch
        {
            "frame buffer" => good with { FrameBufferSize = 2 },
            "guidance" => good with { GuidanceScale = 25 },
            "delta" => good with { Delta = 1.5f },
            "steps" => good with { StepIndices = [32, 60] },
            "filter" => good with { SimilarityFilter = new SimilarityFilterSettings(true, 1.5f) },
            _ => good with { TransitionDuration = TimeSpan.FromSeconds(-1) },
        };

        var fakes = new FakeModels();
        Assert.Contains(expected, Assert.Throws<ArgumentException>(() => new StreamPipeline(fakes.Models, bad)).Message, StringComparison.Ordinal);

        var pipeline = new StreamPipeline(fakes.Models, good);
        var frame = new TestFrame();
        pipeline.ProcessFrame(frame.At(0));
        var error = Assert.Throws<ArgumentException>(() => pipeline.Update(bad));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains("Fix:", error.Message, StringComparison.Ordinal);
        Assert.Equal(good.GuidanceScale, pipeline.Parameters.GuidanceScale);
        Assert.Equal(good.StepIndices, pipeline.Parameters.StepIndices);
        Assert.Equal(good.SimilarityFilter, pipeline.Parameters.SimilarityFilter);
        Assert.Equal(FrameOutcome.NewFrame, pipeline.ProcessFrame(frame.At(1)).Outcome);
    }

    [Fact]
    public void The_pipeline_keeps_its_own_copy_of_the_step_indices()
    {
        int[] indices = [32, 45];
        var fakes = new FakeModels();
        var pipeline = new StreamPipeline(fakes.Models, StreamBatchStepTests.Parameters(GuidanceMode.Self, indices));
        indices[0] = 10;
        var frame = new TestFrame();
        pipeline.ProcessFrame(frame.At(0));
        Assert.Equal([359f, 99f], fakes.Unet.Calls[^1].Timesteps);
        Assert.Equal([32, 45], pipeline.Parameters.StepIndices);
    }

    [Fact]
    public void A_unet_too_small_for_the_mode_is_refused_with_the_row_count()
    {
        var fakes = new FakeModels(maxRows: 4);
        var error = Assert.Throws<ArgumentException>(() => new StreamPipeline(fakes.Models, StreamBatchStepTests.Parameters(GuidanceMode.Full, [22, 32, 45])));
        Assert.Contains("Full guidance with 3 steps needs 6 UNet rows per call but the UNet accepts at most 4", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Models_that_do_not_fit_together_are_refused()
    {
        var fakes = new FakeModels();
        var wideText = new DiffusionModels(new FakeTextEncoder(2, 4), fakes.Unet, fakes.Encoder, fakes.Decoder, 1f);
        Assert.Contains("[2, 4] embeddings but the UNet reads [2, 3]", Assert.Throws<ArgumentException>(() => new StreamPipeline(wideText, new StreamParameters())).Message, StringComparison.Ordinal);

        var otherLatent = new DiffusionModels(fakes.TextEncoder, fakes.Unet, new FakeImageEncoder(new LatentShape(4, 3, 3)), fakes.Decoder, 1f);
        Assert.Contains("image encoder output latent", Assert.Throws<ArgumentException>(() => new StreamPipeline(otherLatent, new StreamParameters())).Message, StringComparison.Ordinal);

        var badScale = fakes.Models with { LatentScalingFactor = 0f };
        Assert.Contains("Latent scaling factor 0", Assert.Throws<ArgumentException>(() => new StreamPipeline(badScale, new StreamParameters())).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Changing_the_step_count_on_a_denoiser_directly_is_refused_as_structural()
    {
        var fakes = new FakeModels();
        var pipeline = new StreamPipeline(fakes.Models, StreamBatchStepTests.Parameters(GuidanceMode.Self, [32, 45]));
        var error = Assert.Throws<ArgumentException>(() => pipeline.Running.SetStepIndices([20, 30, 40]));
        Assert.Contains("the step count is structural", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void New_step_values_with_the_same_count_apply_live_without_a_new_state()
    {
        var fakes = new FakeModels();
        var pipeline = new StreamPipeline(fakes.Models, StreamBatchStepTests.Parameters(GuidanceMode.Self, [32, 45]));
        var frame = new TestFrame();
        for (int id = 0; id < 3; id++)
        {
            pipeline.ProcessFrame(frame.At(id));
        }

        pipeline.Update(pipeline.Parameters with { StepIndices = [35, 45] });
        Assert.Equal(FrameOutcome.NewFrame, pipeline.ProcessFrame(frame.At(3)).Outcome);
        Assert.Equal([299f, 99f], fakes.Unet.Calls[^1].Timesteps);
        Assert.False(pipeline.Status.StructuralChangeWarming);
        Assert.False(pipeline.Status.Transitioning); // nothing to blend, so no transition holds the filter
        Assert.Equal(0, pipeline.Status.Handovers);
    }
}
