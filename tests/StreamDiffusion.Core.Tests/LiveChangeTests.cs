using System.Numerics.Tensors;
using StreamDiffusion.Core.Guidance;
using StreamDiffusion.Core.Models;
using StreamDiffusion.Core.Noise;
using StreamDiffusion.Core.Pipeline;
using StreamDiffusion.Core.Tests.Fakes;

namespace StreamDiffusion.Core.Tests;

/// <summary>Prompt, seed and structural changes on a running stream: nothing unfinished on air, smooth blends, no gap.</summary>
public sealed class LiveChangeTests
{
    private static readonly TimeSpan Blend = TimeSpan.FromMilliseconds(400); // 10 frames at 25 fps

    private static StreamParameters Start(GuidanceMode mode = GuidanceMode.Self) =>
        StreamBatchStepTests.Parameters(mode, [22, 32, 45], guidance: 1.2f, delta: 0.8f) with
        {
            TransitionDuration = Blend,
        };

    [Fact]
    public void Warm_up_outputs_never_reach_the_caller_and_outputs_name_their_input()
    {
        var fakes = new FakeModels();
        var pipeline = new StreamPipeline(fakes.Models, Start());
        var frame = new TestFrame();
        Assert.Equal(FrameOutcome.NoNewFrameYet, pipeline.ProcessFrame(frame.At(10)).Outcome);
        Assert.Equal(FrameOutcome.NoNewFrameYet, pipeline.ProcessFrame(frame.At(11)).Outcome);
        StreamFrameResult third = pipeline.ProcessFrame(frame.At(12));
        Assert.Equal(FrameOutcome.NewFrame, third.Outcome);
        Assert.Equal(new FrameProvenance(10, TestFrame.Interval * 10, 4_000_000), third.Output);
        Assert.Equal(12, third.Input.FrameId);
        Assert.Equal(2, pipeline.Status.WarmUpFrames);
        Assert.Equal(1, fakes.Decoder.CallCount); // warm-up rows are never even decoded
    }

    [Fact]
    public void A_prompt_change_blends_smoothly_without_reset_or_warm_up()
    {
        var fakes = new FakeModels();
        var pipeline = new StreamPipeline(fakes.Models, Start());
        var frame = new TestFrame();
        long id = 0;
        for (; id < 8; id++)
        {
            pipeline.ProcessFrame(frame.At(id));
        }

        float[] before = pipeline.OutputImage.ToArray();
        pipeline.Update(Start() with { Prompt = "a dog" });
        Assert.Equal(["a cat", "blurry", "a dog"], fakes.TextEncoder.Prompts); // only the changed prompt is encoded

        var outputs = new List<float[]> { before };
        for (int i = 0; i < 16; i++, id++)
        {
            StreamFrameResult result = pipeline.ProcessFrame(frame.At(id));
            Assert.Equal(FrameOutcome.NewFrame, result.Outcome);
            Assert.True(pipeline.Running.IsWarm);
            outputs.Add(pipeline.OutputImage.ToArray());
        }

        Assert.Equal(0, pipeline.Status.WarmUpFrames - 2);
        Assert.False(pipeline.Status.Transitioning);

        // The end state equals a pipeline that started with the new prompt: the change completed.
        float[] after = outputs[^1];
        float[] fresh = RunFresh(Start() with { Prompt = "a dog" }, 24);
        Assert.Equal(fresh.Length, after.Length);
        Assert.True(TensorPrimitives.Distance(fresh, after) < 1e-4f);

        AssertSmooth(outputs);
    }

    [Fact]
    public void A_seed_change_slerps_the_noise_bank_without_reset()
    {
        var fakes = new FakeModels();
        var pipeline = new StreamPipeline(fakes.Models, Start());
        var frame = new TestFrame();
        long id = 0;
        for (; id < 8; id++)
        {
            pipeline.ProcessFrame(frame.At(id));
        }

        int l = fakes.RowLength;
        float[] oldNoise = NoiseBank.Create(2, 3, l);
        float[] newNoise = NoiseBank.Create(99, 3, l);
        Assert.Equal(oldNoise, pipeline.Running.Noise.ToArray());
        pipeline.Update(Start() with { Seed = 99 });

        var outputs = new List<float[]> { pipeline.OutputImage.ToArray() };
        bool sawMidway = false;
        for (int i = 0; i < 16; i++, id++)
        {
            Assert.Equal(FrameOutcome.NewFrame, pipeline.ProcessFrame(frame.At(id)).Outcome);
            outputs.Add(pipeline.OutputImage.ToArray());
            float[] current = pipeline.Running.Noise.ToArray();
            if (i == 5)
            {
                // Midway: neither bank, and each row keeps about the norm of a Gaussian row (slerp, not lerp).
                Assert.NotEqual(oldNoise, current);
                Assert.NotEqual(newNoise, current);
                for (int row = 0; row < 3; row++)
                {
                    float norm = TensorPrimitives.Norm(current.AsSpan(row * l, l));
                    float a = TensorPrimitives.Norm(oldNoise.AsSpan(row * l, l)), b = TensorPrimitives.Norm(newNoise.AsSpan(row * l, l));
                    Assert.InRange(norm, Math.Min(a, b) * 0.98f, Math.Max(a, b) * 1.02f);
                }

                sawMidway = true;
            }
        }

        Assert.True(sawMidway);
        Assert.Equal(newNoise, pipeline.Running.Noise.ToArray());
        Assert.Equal(2, pipeline.Status.WarmUpFrames);
        float[] fresh = RunFresh(Start() with { Seed = 99 }, 24);
        Assert.True(TensorPrimitives.Distance(fresh, outputs[^1]) < 1e-4f);
        AssertSmooth(outputs);
    }

    [Fact]
    public void A_structural_change_warms_up_beside_the_running_state_and_hands_over_without_a_gap()
    {
        var fakes = new FakeModels();
        var pipeline = new StreamPipeline(fakes.Models, Start(GuidanceMode.Self) with { StepIndices = [32, 45] });
        var frame = new TestFrame();
        long id = 0;
        for (; id < 5; id++)
        {
            pipeline.ProcessFrame(frame.At(id));
        }

        // Four steps with full CFG: 8 rows instead of 2.
        int callsBefore = fakes.Unet.Calls.Count;
        pipeline.Update(Start(GuidanceMode.Full) with { StepIndices = [18, 26, 35, 45] });
        int handovers = 0;
        for (int i = 0; i < 10; i++, id++)
        {
            StreamFrameResult result = pipeline.ProcessFrame(frame.At(id));
            Assert.Equal(FrameOutcome.NewFrame, result.Outcome);
            handovers += result.HandedOver ? 1 : 0;
            if (result.HandedOver)
            {
                // The new state's first picture: made from the frame that entered its batch 3 calls ago.
                Assert.Equal(id - 3, result.Output.FrameId);
                Assert.Equal(3, i);
            }
        }

        Assert.Equal(1, handovers);
        PipelineStatus status = pipeline.Status;
        Assert.Equal(4, status.Steps);
        Assert.Equal(GuidanceMode.Full, status.Guidance);
        Assert.Equal(8, status.UnetRows);
        Assert.Equal(1, status.Handovers);

        // While warming both states ran (old 2 rows + new 8 rows); the handover frame ran only the new one.
        int[] rows = fakes.Unet.Calls.Skip(callsBefore).Select(c => c.Rows).ToArray();
        Assert.Equal([8, 2, 8, 2, 8, 2, 8, 8, 8, 8, 8, 8, 8], rows);
        Assert.False(pipeline.TryTakeRetiredModels(out _)); // same models: nothing to release
    }

    [Fact]
    public void New_models_at_a_new_resolution_take_over_without_a_gap_and_the_old_ones_are_handed_back()
    {
        var small = new FakeModels();
        var large = new FakeModels(latentHeight: 3, latentWidth: 5);
        var pipeline = new StreamPipeline(small.Models, Start());
        var frame = new TestFrame();
        long id = 0;
        for (; id < 5; id++)
        {
            pipeline.ProcessFrame(frame.At(id));
        }

        pipeline.Update(Start() with { Prompt = "a dog" }, large.Models);
        Assert.Equal(["a dog", "blurry"], large.TextEncoder.Prompts); // encoded with the new model's encoder
        for (int i = 0; i < 6; i++, id++)
        {
            StreamFrameResult result = pipeline.ProcessFrame(frame.At(id));
            Assert.Equal(FrameOutcome.NewFrame, result.Outcome);
            Assert.Equal(i == 2, result.HandedOver);
            Assert.Equal(i >= 2 ? (24, 40) : (16, 16), (pipeline.OutputHeight, pipeline.OutputWidth));
        }

        Assert.True(pipeline.TryTakeRetiredModels(out DiffusionModels? retired));
        Assert.Same(small.Models, retired);
        Assert.False(pipeline.TryTakeRetiredModels(out _));
    }

    [Fact]
    public void Reverting_a_structural_change_before_it_lands_abandons_the_new_state()
    {
        var fakes = new FakeModels();
        var pipeline = new StreamPipeline(fakes.Models, Start());
        var frame = new TestFrame();
        long id = 0;
        for (; id < 5; id++)
        {
            pipeline.ProcessFrame(frame.At(id));
        }

        pipeline.Update(Start() with { Guidance = GuidanceMode.Full });
        pipeline.ProcessFrame(frame.At(id++));
        Assert.True(pipeline.Status.StructuralChangeWarming);
        pipeline.Update(Start());
        for (int i = 0; i < 6; i++, id++)
        {
            Assert.Equal(FrameOutcome.NewFrame, pipeline.ProcessFrame(frame.At(id)).Outcome);
        }

        Assert.False(pipeline.Status.StructuralChangeWarming);
        Assert.Equal(0, pipeline.Status.Handovers);
        Assert.Equal(GuidanceMode.Self, pipeline.Status.Guidance);
        Assert.False(pipeline.TryTakeRetiredModels(out _)); // the running models are still in use
    }

    [Fact]
    public void Models_given_for_a_superseded_structural_change_are_handed_back()
    {
        var running = new FakeModels();
        var first = new FakeModels(latentHeight: 3);
        var second = new FakeModels(latentHeight: 4);
        var pipeline = new StreamPipeline(running.Models, Start());
        var frame = new TestFrame();
        long id = 0;
        for (; id < 3; id++)
        {
            pipeline.ProcessFrame(frame.At(id));
        }

        pipeline.Update(Start(), first.Models);
        pipeline.ProcessFrame(frame.At(id++));
        pipeline.Update(Start(), second.Models);
        pipeline.ProcessFrame(frame.At(id++));
        Assert.True(pipeline.TryTakeRetiredModels(out DiffusionModels? superseded));
        Assert.Same(first.Models, superseded);
        Assert.False(pipeline.TryTakeRetiredModels(out _));

        for (int i = 0; i < 4; i++, id++)
        {
            Assert.Equal(FrameOutcome.NewFrame, pipeline.ProcessFrame(frame.At(id)).Outcome);
        }

        Assert.Equal(1, pipeline.Status.Handovers);
        Assert.True(pipeline.TryTakeRetiredModels(out DiffusionModels? replaced));
        Assert.Same(running.Models, replaced);
    }

    private static float[] RunFresh(StreamParameters parameters, int frames)
    {
        var fakes = new FakeModels();
        var pipeline = new StreamPipeline(fakes.Models, parameters);
        var frame = new TestFrame();
        for (int id = 0; id < frames; id++)
        {
            pipeline.ProcessFrame(frame.At(id));
        }

        return pipeline.OutputImage.ToArray();
    }

    /// <summary>The whole change is visible, and no single frame carries more than a third of it.</summary>
    private static void AssertSmooth(List<float[]> outputs)
    {
        float total = TensorPrimitives.Distance(outputs[0], outputs[^1]);
        Assert.True(total > 1e-3f, $"the change did not show in the output (distance {total})");
        int changing = 0;
        for (int i = 1; i < outputs.Count; i++)
        {
            float step = TensorPrimitives.Distance(outputs[i - 1], outputs[i]);
            Assert.True(step <= total / 3, $"frame {i} jumped {step} of a total change of {total}");
            changing += step > total / 100 ? 1 : 0;
        }

        Assert.True(changing >= 6, $"the change happened over only {changing} frames");
    }
}

public sealed class ConcurrentUpdateTests
{
    [Fact]
    public void Updates_from_another_thread_while_frames_run_never_interrupt_the_output()
    {
        var fakes = new FakeModels { Unet = { Recording = false } };
        StreamParameters start = StreamBatchStepTests.Parameters(GuidanceMode.Self, [22, 32, 45]) with { TransitionDuration = TimeSpan.FromMilliseconds(120) };
        var pipeline = new StreamPipeline(fakes.Models, start);
        var frame = new TestFrame();
        long id = 0;
        for (; id < 3; id++)
        {
            pipeline.ProcessFrame(frame.At(id));
        }

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        int updates = 0;
        var control = new Thread(() =>
        {
            for (int i = 0; i < 200 && !stop.IsCancellationRequested; i++)
            {
                pipeline.Update(start with { Prompt = i % 2 == 0 ? "a dog" : "a cat", Seed = (ulong)(i % 3), GuidanceScale = 1f + (i % 5 * 0.1f) });
                Interlocked.Increment(ref updates);
                Thread.Yield();
            }
        });
        control.Start();
        for (int i = 0; i < 2000 && (control.IsAlive || i < 50); i++, id++)
        {
            frame.Phase = 0.01f * id;
            StreamFrameResult result = pipeline.ProcessFrame(frame.At(id));
            Assert.Equal(FrameOutcome.NewFrame, result.Outcome);
            Assert.True(float.IsFinite(System.Numerics.Tensors.TensorPrimitives.MaxMagnitude(pipeline.OutputImage)));
        }

        Assert.True(control.Join(TimeSpan.FromSeconds(30)));
        Assert.Equal(200, updates);
        Assert.Equal(0, pipeline.Status.DroppedFrames);
        Assert.Equal(2, pipeline.Status.WarmUpFrames);
    }
}
