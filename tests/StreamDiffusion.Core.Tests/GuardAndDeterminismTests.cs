using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using StreamDiffusion.Core.Guidance;
using StreamDiffusion.Core.Pipeline;
using StreamDiffusion.Core.Tests.Fakes;

namespace StreamDiffusion.Core.Tests;

public sealed class GuardAndDeterminismTests
{
    private static StreamParameters Parameters => StreamBatchStepTests.Parameters(GuidanceMode.Self, [22, 32, 45], guidance: 1.3f, delta: 0.7f);

    [Fact]
    public void A_nan_from_the_unet_drops_the_frame_resets_and_the_stream_recovers()
    {
        var fakes = new FakeModels { Unet = { NaNOnCall = 8 } };
        var pipeline = new StreamPipeline(fakes.Models, Parameters);
        var frame = new TestFrame();
        long id = 0;
        for (; id < 7; id++)
        {
            pipeline.ProcessFrame(frame.At(id));
        }

        float[] good = pipeline.OutputImage.ToArray();
        StreamFrameResult dropped = pipeline.ProcessFrame(frame.At(id++));
        Assert.Equal(FrameOutcome.Dropped, dropped.Outcome);
        Assert.Equal(NonFiniteStage.NoisePrediction, dropped.DropStage);
        Assert.Equal(good, pipeline.OutputImage.ToArray()); // the last good picture stands
        Assert.All(pipeline.Running.Guidance.Stock.ToArray(), v => Assert.Equal(0f, v)); // guidance state reset
        Assert.False(pipeline.Running.IsWarm); // buffer reset
        PipelineStatus status = pipeline.Status;
        Assert.Equal(1, status.DroppedFrames);
        Assert.Equal(NonFiniteStage.NoisePrediction, status.LastDropStage);

        // The rows of before the reset never show: two warm-up frames, then new frames that converge to the old picture.
        Assert.Equal(FrameOutcome.NoNewFrameYet, pipeline.ProcessFrame(frame.At(id++)).Outcome);
        Assert.Equal(FrameOutcome.NoNewFrameYet, pipeline.ProcessFrame(frame.At(id++)).Outcome);
        for (int i = 0; i < 6; i++, id++)
        {
            StreamFrameResult result = pipeline.ProcessFrame(frame.At(id));
            Assert.Equal(FrameOutcome.NewFrame, result.Outcome);
            Assert.True(float.IsFinite(TensorPrimitives.MaxMagnitude(pipeline.OutputImage)));
            Assert.True(result.Output.FrameId > dropped.Input.FrameId);
        }

        Assert.True(TensorPrimitives.Distance(good, pipeline.OutputImage) < 1e-4f);
    }

    [Fact]
    public void An_infinite_decoded_image_is_dropped_and_the_last_good_picture_stands()
    {
        var fakes = new FakeModels { Decoder = { NaNOnCall = 3 } };
        var pipeline = new StreamPipeline(fakes.Models, Parameters);
        var frame = new TestFrame();
        long id = 0;
        for (; id < 4; id++)
        {
            Assert.NotEqual(FrameOutcome.Dropped, pipeline.ProcessFrame(frame.At(id)).Outcome);
        }

        float[] good = pipeline.OutputImage.ToArray();
        StreamFrameResult dropped = pipeline.ProcessFrame(frame.At(id));
        Assert.Equal(FrameOutcome.Dropped, dropped.Outcome);
        Assert.Equal(NonFiniteStage.DecodedImage, dropped.DropStage);
        Assert.Equal(good, pipeline.OutputImage.ToArray());
    }

    [Fact]
    public void A_nan_in_the_input_is_caught_at_the_encoded_latent()
    {
        var fakes = new FakeModels();
        var pipeline = new StreamPipeline(fakes.Models, Parameters);
        var frame = new TestFrame { Brightness = float.NaN };
        StreamFrameResult result = pipeline.ProcessFrame(frame.At(0));
        Assert.Equal(FrameOutcome.Dropped, result.Outcome);
        Assert.Equal(NonFiniteStage.EncodedLatent, result.DropStage);
        Assert.Equal(0, fakes.Unet.CallCount);
    }

    [Fact]
    public void The_same_seed_and_inputs_give_bit_identical_outputs()
    {
        byte[][] first = Run(seed: 7);
        byte[][] second = Run(seed: 7);
        byte[][] other = Run(seed: 8);
        Assert.Equal(first.Length, second.Length);
        for (int i = 0; i < first.Length; i++)
        {
            Assert.Equal(first[i], second[i]);
        }

        Assert.NotEqual(first[^1], other[^1]);
    }

    private static byte[][] Run(ulong seed)
    {
        var fakes = new FakeModels();
        var pipeline = new StreamPipeline(fakes.Models, Parameters with { Seed = seed, TransitionDuration = TimeSpan.FromMilliseconds(120) });
        var frame = new TestFrame();
        var outputs = new List<byte[]>();
        for (int id = 0; id < 24; id++)
        {
            frame.Phase = 0.2f * id;
            if (id == 8)
            {
                pipeline.Update(pipeline.Parameters with { Prompt = "a dog", Seed = seed + 100 });
            }

            if (pipeline.ProcessFrame(frame.At(id)).Outcome == FrameOutcome.NewFrame)
            {
                outputs.Add(MemoryMarshal.AsBytes(pipeline.OutputImage).ToArray());
            }
        }

        return [.. outputs];
    }
}

public sealed class RobustnessTests
{
    private static StreamParameters Parameters => StreamBatchStepTests.Parameters(GuidanceMode.Self, [32, 45]);

    [Fact]
    public void A_model_exception_propagates_and_the_next_frames_start_clean()
    {
        var fakes = new FakeModels { Unet = { ThrowOnCall = 4 } };
        var pipeline = new StreamPipeline(fakes.Models, Parameters);
        var frame = new TestFrame();
        for (int id = 0; id < 3; id++)
        {
            pipeline.ProcessFrame(frame.At(id));
        }

        var error = Assert.Throws<InvalidOperationException>(() => pipeline.ProcessFrame(frame.At(3)));
        Assert.Equal("injected UNet failure", error.Message);
        Assert.Equal(FrameOutcome.NoNewFrameYet, pipeline.ProcessFrame(frame.At(4)).Outcome);
        StreamFrameResult next = pipeline.ProcessFrame(frame.At(5));
        Assert.Equal(FrameOutcome.NewFrame, next.Outcome);
        Assert.Equal(4, next.Output.FrameId);
    }

    [Fact]
    public void A_blend_ends_even_when_the_capture_clock_stands_still()
    {
        var fakes = new FakeModels();
        var pipeline = new StreamPipeline(fakes.Models, Parameters with { TransitionDuration = TimeSpan.FromMilliseconds(20) });
        var frame = new TestFrame();
        pipeline.ProcessFrame(frame.At(0));
        pipeline.Update(pipeline.Parameters with { Prompt = "a dog" });
        int frames = 0;
        for (; frames < 100 && (frames == 0 || pipeline.Status.Transitioning); frames++)
        {
            pipeline.ProcessFrame(frame.At(0)); // the same capture time every frame
        }

        Assert.False(pipeline.Status.Transitioning);
        Assert.Equal(21, frames); // 1 ms per frame at least: 20 steps after the first
    }

    [Fact]
    public void Repeating_the_same_parameters_does_not_hold_the_similarity_filter()
    {
        var fakes = new FakeModels();
        var parameters = Parameters with
        {
            SimilarityFilter = new Filtering.SimilarityFilterSettings(Enabled: true, Threshold: 0.9f, MaxSkipFrames: 100),
        };
        var pipeline = new StreamPipeline(fakes.Models, parameters, new ScriptedRandom(0.0));
        var frame = new TestFrame();
        for (int id = 0; id < 4; id++)
        {
            pipeline.ProcessFrame(frame.At(id));
        }

        for (int id = 4; id < 10; id++)
        {
            pipeline.Update(parameters);
            FrameOutcome outcome = pipeline.ProcessFrame(frame.At(id)).Outcome;
            Assert.True(outcome == FrameOutcome.Skipped, $"frame {id}: {outcome}, transitioning {pipeline.Status.Transitioning}");
        }
    }
}
