using System.Numerics.Tensors;
using StreamDiffusion.Core.Conditioning;
using StreamDiffusion.Core.Guidance;
using StreamDiffusion.Core.Pipeline;
using StreamDiffusion.Core.Tests.Fakes;

namespace StreamDiffusion.Core.Tests;

/// <summary>Cue and take at the pipeline: text is encoded when a target is prepared, never when it is put in force.</summary>
public sealed class PreparedTargetTests
{
    private static StreamParameters Start() =>
        StreamBatchStepTests.Parameters(GuidanceMode.Self, [32, 45], guidance: 1.2f, delta: 0.8f) with { TransitionDuration = TimeSpan.Zero };

    private static void Run(StreamPipeline pipeline, TestFrame frame, ref long id, int frames)
    {
        for (int i = 0; i < frames; i++, id++)
        {
            pipeline.ProcessFrame(frame.At(id));
        }
    }

    [Fact]
    public void Prepare_encodes_now_but_changes_nothing_until_the_target_is_put_in_force()
    {
        var fakes = new FakeModels();
        var pipeline = new StreamPipeline(fakes.Models, Start());
        var frame = new TestFrame();
        long id = 0;
        Run(pipeline, frame, ref id, 6);

        PreparedTarget cued = pipeline.Prepare(Start() with { Prompt = "a dog", Seed = 7 });

        Assert.Equal(["a cat", "blurry", "a dog"], fakes.TextEncoder.Prompts); // only the new prompt, and already now
        Assert.Equal("a dog", cued.Parameters.Prompt);
        Assert.Equal("a cat", pipeline.Parameters.Prompt);
        Run(pipeline, frame, ref id, 3);
        float[] cat = RunFresh(Start(), (int)id);
        Assert.True(TensorPrimitives.Distance(cat, pipeline.OutputImage) < 1e-4f, "a prepared target changed the picture before it was put in force");
        float[] dog = RunFresh(Start() with { Prompt = "a dog", Seed = 7 }, (int)id);
        Assert.True(TensorPrimitives.Distance(cat, dog) > 1e-3f, "the cued look would not differ, so the check above proves nothing");
    }

    [Fact]
    public void A_prepared_target_goes_in_force_without_encoding_and_reaches_the_picture()
    {
        var fakes = new FakeModels();
        var pipeline = new StreamPipeline(fakes.Models, Start());
        var frame = new TestFrame();
        long id = 0;
        Run(pipeline, frame, ref id, 4);
        PreparedTarget cued = pipeline.Prepare(Start() with { Prompt = "a dog" });
        int encodedBefore = fakes.TextEncoder.Prompts.Count;

        pipeline.Update(cued);

        Assert.Equal(encodedBefore, fakes.TextEncoder.Prompts.Count);
        Assert.Equal("a dog", pipeline.Parameters.Prompt);
        Run(pipeline, frame, ref id, 20);
        float[] fresh = RunFresh(Start() with { Prompt = "a dog" }, (int)id);
        Assert.True(TensorPrimitives.Distance(fresh, pipeline.OutputImage) < 1e-4f);
        Assert.Equal(0, pipeline.Status.Handovers);
    }

    [Fact]
    public void Another_transition_shares_the_embeddings_and_is_validated()
    {
        var fakes = new FakeModels();
        var pipeline = new StreamPipeline(fakes.Models, Start());
        PreparedTarget cued = pipeline.Prepare(Start() with { Prompt = "a dog" });
        int encoded = fakes.TextEncoder.Prompts.Count;

        PreparedTarget slow = cued.WithTransition(TimeSpan.FromSeconds(2), EmbeddingBlendMode.Linear);

        Assert.Equal((TimeSpan.FromSeconds(2), EmbeddingBlendMode.Linear), (slow.Parameters.TransitionDuration, slow.Parameters.TransitionBlend));
        Assert.Equal("a dog", slow.Parameters.Prompt);
        Assert.Equal(encoded, fakes.TextEncoder.Prompts.Count);
        Assert.Throws<ArgumentException>(() => cued.WithTransition(TimeSpan.FromMinutes(2), EmbeddingBlendMode.Slerp));
        Assert.Throws<ArgumentException>(() => cued.WithTransition(TimeSpan.FromSeconds(-1), EmbeddingBlendMode.Slerp));
    }

    [Fact]
    public void Bad_parameters_are_refused_when_prepared()
    {
        var pipeline = new StreamPipeline(new FakeModels().Models, Start());

        Assert.Throws<ArgumentException>(() => pipeline.Prepare(Start() with { GuidanceScale = 25 }));
        Assert.Throws<ArgumentException>(() => pipeline.Prepare(Start() with { StepIndices = [45, 32] }));
        Assert.Equal(1.2f, pipeline.Parameters.GuidanceScale);
    }

    [Fact]
    public void A_target_prepared_before_a_model_change_is_encoded_again_for_the_new_models()
    {
        var small = new FakeModels();
        var large = new FakeModels(latentHeight: 3, latentWidth: 5);
        var pipeline = new StreamPipeline(small.Models, Start());
        PreparedTarget cued = pipeline.Prepare(Start() with { Prompt = "a dog" });
        pipeline.Update(Start(), large.Models);
        Assert.DoesNotContain("a dog", large.TextEncoder.Prompts);

        pipeline.Update(cued);

        Assert.Contains("a dog", large.TextEncoder.Prompts);
        var frame = new TestFrame();
        long id = 0;
        Run(pipeline, frame, ref id, 10);
        Assert.Equal("a dog", pipeline.Parameters.Prompt);
        Assert.Equal(1, pipeline.Status.Handovers);
        Assert.Equal(large.Unet.Latent.Length, pipeline.Running.Noise.Length / pipeline.Running.Steps); // the small models' noise bank was not reused
    }

    private static float[] RunFresh(StreamParameters parameters, int frames)
    {
        var pipeline = new StreamPipeline(new FakeModels().Models, parameters);
        var frame = new TestFrame();
        for (long id = 0; id < frames; id++)
        {
            pipeline.ProcessFrame(frame.At(id));
        }

        return pipeline.OutputImage.ToArray();
    }
}
