using StreamDiffusion.Core.Guidance;
using StreamDiffusion.Core.Noise;
using StreamDiffusion.Core.Pipeline;
using StreamDiffusion.Core.Scheduling;
using StreamDiffusion.Core.Tests.Fakes;

namespace StreamDiffusion.Core.Tests;

/// <summary>Hand checks of single Stream Batch steps and of every guidance mode against the plain reference transcription.</summary>
public sealed class StreamBatchStepTests
{
    private const float Scaling = 0.5f;
    private const double Tolerance = 1e-4;

    internal static StreamParameters Parameters(GuidanceMode mode, int[] indices, float guidance = 1.4f, float delta = 0.5f) => new()
    {
        Guidance = mode,
        StepIndices = indices,
        Prompt = "a cat",
        NegativePrompt = "blurry",
        GuidanceScale = guidance,
        Delta = delta,
        Seed = 2,
        TransitionDuration = TimeSpan.Zero,
    };

    [Fact]
    public void One_step_without_guidance_feeds_the_unet_and_renoises_the_buffer_as_computed_by_hand()
    {
        var fakes = new FakeModels(scaling: Scaling);
        var pipeline = new StreamPipeline(fakes.Models, Parameters(GuidanceMode.None, [32, 45]));
        var frame = new TestFrame();
        int l = fakes.RowLength;
        float[] noise = NoiseBank.Create(2, 2, l);
        StepCoefficients s32 = LcmSchedule.Default[32], s45 = LcmSchedule.Default[45];
        double[] z = ReferenceStreamBatch.ScaledLatent(fakes, frame, Scaling);

        // Frame 1: X = [a32·z + b32·ε0, 0]; the finished row comes from the zeroed buffer: warm-up.
        StreamFrameResult first = pipeline.ProcessFrame(frame.At(1));
        Assert.Equal(FrameOutcome.NoNewFrameYet, first.Outcome);
        UnetCall call = Assert.Single(fakes.Unet.Calls);
        Assert.Equal(2, call.Rows);
        Assert.Equal([359f, 99f], call.Timesteps);
        float[] cond = Enumerable.Range(0, 6).Select(k => FakeTextEncoder.Value("a cat", k)).ToArray();
        Assert.Equal([.. cond, .. cond], call.TextEmbeddings);
        for (int j = 0; j < l; j++)
        {
            Assert.Equal((s32.A * z[j]) + (s32.B * noise[j]), call.Latents[j], Tolerance);
            Assert.Equal(0f, call.Latents[l + j]);
        }

        // x̂0 of row 0 with ε̂ = 0.5x + 0.001·359 + 0.1·cond[j mod 6]; buffer = a45·x̂0 + b45·ε1.
        var expectedBuffer = new double[l];
        for (int j = 0; j < l; j++)
        {
            double x = call.Latents[j];
            double eps = (0.5 * x) + 0.359 + (0.1 * cond[j % 6]);
            double x0 = (s32.COut * (x - (s32.B * eps)) / s32.A) + (s32.CSkip * x);
            expectedBuffer[j] = (s45.A * x0) + (s45.B * noise[l + j]);
        }

        // Frame 2 (same picture): row 1 is the buffer; the output is x̂0 of row 1, decoded, made from frame 1.
        StreamFrameResult second = pipeline.ProcessFrame(frame.At(2));
        Assert.Equal(FrameOutcome.NewFrame, second.Outcome);
        Assert.Equal(1, second.Output.FrameId);
        Assert.Equal(2, second.Input.FrameId);
        UnetCall call2 = fakes.Unet.Calls[1];
        var expectedOutput = new double[l];
        for (int j = 0; j < l; j++)
        {
            Assert.Equal(expectedBuffer[j], call2.Latents[l + j], Tolerance);
            double x = call2.Latents[l + j];
            double eps = (0.5 * x) + 0.099 + (0.1 * cond[j % 6]);
            expectedOutput[j] = (s45.COut * (x - (s45.B * eps)) / s45.A) + (s45.CSkip * x);
        }

        // Decoder: image[c, Y, X] = (x̂0 / scaling)[c, Y/8, X/8].
        ReadOnlySpan<float> image = pipeline.OutputImage;
        Assert.Equal(3 * 16 * 16, image.Length);
        for (int c = 0; c < 3; c++)
        {
            for (int y = 0; y < 2; y++)
            {
                for (int x = 0; x < 2; x++)
                {
                    Assert.Equal(expectedOutput[(c * 4) + (y * 2) + x] / Scaling, image[(c * 256) + (8 * y * 16) + (8 * x)], Tolerance);
                }
            }
        }
    }

    [Fact]
    public void Without_renoising_the_buffer_is_the_scaled_prediction_only()
    {
        var fakes = new FakeModels(scaling: Scaling);
        var pipeline = new StreamPipeline(fakes.Models, Parameters(GuidanceMode.None, [32, 45]) with { AddNoiseBetweenSteps = false });
        var frame = new TestFrame();
        pipeline.ProcessFrame(frame.At(1));
        pipeline.ProcessFrame(frame.At(2));
        StepCoefficients s32 = LcmSchedule.Default[32], s45 = LcmSchedule.Default[45];
        UnetCall first = fakes.Unet.Calls[0], second = fakes.Unet.Calls[1];
        int l = fakes.RowLength;
        for (int j = 0; j < l; j++)
        {
            // buffer = a45·x̂0 with x̂0 = c_out·(x − b·ε̂)/a + c_skip·x from frame 1's step-0 row.
            double x = first.Latents[j], eps = first.Output[j];
            double x0 = (s32.COut * (x - (s32.B * eps)) / s32.A) + (s32.CSkip * x);
            Assert.Equal(s45.A * x0, second.Latents[l + j], Tolerance);
        }
    }

    [Fact]
    public void Self_guidance_stock_update_matches_the_hand_formula()
    {
        var fakes = new FakeModels(scaling: Scaling);
        var pipeline = new StreamPipeline(fakes.Models, Parameters(GuidanceMode.Self, [32, 45], guidance: 1.4f, delta: 0.5f));
        var frame = new TestFrame();
        int l = fakes.RowLength;
        float[] noise = NoiseBank.Create(2, 2, l);
        StepCoefficients s32 = LcmSchedule.Default[32], s45 = LcmSchedule.Default[45];
        pipeline.ProcessFrame(frame.At(1));
        UnetCall call = fakes.Unet.Calls[0];
        float[] cond = Enumerable.Range(0, 6).Select(k => FakeTextEncoder.Value("a cat", k)).ToArray();

        for (int j = 0; j < l; j++)
        {
            // Row 0 at frame 1: stock_0 = ε0, ε_u = δ·ε0, ε̂ = ε_u + γ(ε_c − ε_u).
            double x = call.Latents[j];
            double epsC = (0.5 * x) + 0.359 + (0.1 * cond[j % 6]);
            double epsU = 0.5 * noise[j];
            double guided = epsU + (1.4 * (epsC - epsU));
            double delta = (s32.COut * ((s32.B * noise[j]) - (s32.B * guided)) / s32.A) + (s32.CSkip * s32.B * noise[j]);
            double stock0 = noise[l + j] + (delta * s45.A / s45.B);
            Assert.Equal(stock0, pipeline.Running.Guidance.Stock[j], Tolerance);

            // Row 1 at frame 1: stock_1 = 0 (fresh), so ε_u = 0 and ε̂ = γ·ε_c; stock_1 ← ε0 + Δ·1.
            double epsC1 = 0.099 + (0.1 * cond[j % 6]);
            double delta1 = (s45.COut * (0 - (s45.B * 1.4 * epsC1)) / s45.A) + 0;
            Assert.Equal(noise[j] + delta1, pipeline.Running.Guidance.Stock[l + j], Tolerance);
        }
    }

    [Theory]
    [InlineData(GuidanceMode.None, new[] { 359f, 99f }, "cc")]
    [InlineData(GuidanceMode.Self, new[] { 359f, 99f }, "cc")]
    [InlineData(GuidanceMode.Initialize, new[] { 359f, 359f, 99f }, "ucc")]
    [InlineData(GuidanceMode.Full, new[] { 359f, 99f, 359f, 99f }, "uucc")]
    public void The_unet_batch_layout_per_mode_is_the_reference_layout(GuidanceMode mode, float[] timesteps, string embeddingRows)
    {
        // research/streamdiffusion.md §6, t_index [32, 45]: timesteps and [uncond | cond] embedding rows per mode.
        var fakes = new FakeModels();
        var pipeline = new StreamPipeline(fakes.Models, Parameters(mode, [32, 45]));
        var frame = new TestFrame();
        pipeline.ProcessFrame(frame.At(1));
        pipeline.ProcessFrame(frame.At(2));
        UnetCall call = fakes.Unet.Calls[^1];
        Assert.Equal(timesteps, call.Timesteps);
        int e = fakes.EmbeddingLength, l = fakes.RowLength;
        for (int row = 0; row < embeddingRows.Length; row++)
        {
            string prompt = embeddingRows[row] == 'u' ? "blurry" : "a cat";
            Assert.Equal(Enumerable.Range(0, e).Select(k => FakeTextEncoder.Value(prompt, k)), call.TextEmbeddings.Skip(row * e).Take(e));
        }

        // Latent rows: the negative rows repeat the step rows they guide (Initialize: step 0 only; Full: all).
        int offset = timesteps.Length - 2;
        float[] step0 = call.Latents.Skip(offset * l).Take(l).ToArray();
        float[] step1 = call.Latents.Skip((offset + 1) * l).Take(l).ToArray();
        Assert.NotEqual(step0, step1);
        if (mode == GuidanceMode.Initialize)
        {
            Assert.Equal(step0, call.Latents.Take(l));
        }
        else if (mode == GuidanceMode.Full)
        {
            Assert.Equal([.. step0, .. step1], call.Latents.Take(2 * l));
        }
    }

    [Theory]
    [InlineData(GuidanceMode.None, 1)]
    [InlineData(GuidanceMode.None, 3)]
    [InlineData(GuidanceMode.Self, 1)]
    [InlineData(GuidanceMode.Self, 2)]
    [InlineData(GuidanceMode.Self, 3)]
    [InlineData(GuidanceMode.Initialize, 1)]
    [InlineData(GuidanceMode.Initialize, 2)]
    [InlineData(GuidanceMode.Initialize, 3)]
    [InlineData(GuidanceMode.Full, 1)]
    [InlineData(GuidanceMode.Full, 2)]
    [InlineData(GuidanceMode.Full, 3)]
    public void Every_guidance_mode_matches_the_reference_rows_timesteps_embeddings_stock_and_output(GuidanceMode mode, int steps)
    {
        int[] indices = steps switch { 1 => [35], 2 => [32, 45], _ => [22, 32, 45] };
        var fakes = new FakeModels(scaling: Scaling);
        var pipeline = new StreamPipeline(fakes.Models, Parameters(mode, indices));
        int l = fakes.RowLength;
        float[] cond = Enumerable.Range(0, 6).Select(k => FakeTextEncoder.Value("a cat", k)).ToArray();
        float[] uncond = Enumerable.Range(0, 6).Select(k => FakeTextEncoder.Value("blurry", k)).ToArray();
        var reference = new ReferenceStreamBatch(mode, indices, NoiseBank.Create(2, steps, l), cond, uncond, l) { GuidanceScale = 1.4, Delta = 0.5 };
        var frame = new TestFrame();

        for (int id = 1; id <= 6; id++)
        {
            frame.Phase = 0.3f * id; // a moving picture, so every row differs
            reference.Frame(ReferenceStreamBatch.ScaledLatent(fakes, frame, Scaling));
            StreamFrameResult result = pipeline.ProcessFrame(frame.At(id));

            UnetCall call = fakes.Unet.Calls[^1];
            Assert.Equal(ResidualGuidance.UnetRowsFor(mode, steps), call.Rows);
            Assert.Equal(reference.UnetTimesteps, call.Timesteps.Select(t => (double)t));
            AssertClose(reference.UnetEmbeddings, call.TextEmbeddings);
            AssertClose(reference.UnetLatents, call.Latents);
            if (mode is GuidanceMode.Self or GuidanceMode.Initialize)
            {
                AssertClose(reference.Stock, pipeline.Running.Guidance.Stock.ToArray());
            }

            Assert.Equal(id >= steps ? FrameOutcome.NewFrame : FrameOutcome.NoNewFrameYet, result.Outcome);
            if (result.Outcome == FrameOutcome.NewFrame)
            {
                AssertClose(reference.Output, pipeline.Running.OutputLatent.ToArray());
                Assert.Equal(id - steps + 1, result.Output.FrameId);
            }
        }
    }

    [Theory]
    [InlineData(GuidanceMode.None, 1, 1)]
    [InlineData(GuidanceMode.None, 2, 2)]
    [InlineData(GuidanceMode.None, 3, 3)]
    [InlineData(GuidanceMode.None, 4, 4)]
    [InlineData(GuidanceMode.Self, 1, 1)]
    [InlineData(GuidanceMode.Self, 2, 2)]
    [InlineData(GuidanceMode.Self, 3, 3)]
    [InlineData(GuidanceMode.Self, 4, 4)]
    [InlineData(GuidanceMode.Initialize, 1, 2)]
    [InlineData(GuidanceMode.Initialize, 2, 3)]
    [InlineData(GuidanceMode.Initialize, 3, 4)]
    [InlineData(GuidanceMode.Initialize, 4, 5)]
    [InlineData(GuidanceMode.Full, 1, 2)]
    [InlineData(GuidanceMode.Full, 2, 4)]
    [InlineData(GuidanceMode.Full, 3, 6)]
    [InlineData(GuidanceMode.Full, 4, 8)]
    public void Unet_rows_per_frame_are_fixed_by_mode_whatever_the_guidance_scale(GuidanceMode mode, int steps, int rows)
    {
        int[] indices = LcmSchedule.StepIndicesForStrength(0.5f, steps);
        foreach (float start in new[] { 0.8f, 1.4f })
        {
            var fakes = new FakeModels();
            var pipeline = new StreamPipeline(fakes.Models, Parameters(mode, indices, guidance: start));
            var frame = new TestFrame();
            for (int id = 1; id <= 4; id++)
            {
                pipeline.ProcessFrame(frame.At(id));
            }

            // Move γ across 1.0 on air: live, no new state, same rows.
            float other = start < 1f ? 1.4f : 0.8f;
            pipeline.Update(Parameters(mode, indices, guidance: other) with { TransitionDuration = TimeSpan.FromMilliseconds(80) });
            for (int id = 5; id <= 10; id++)
            {
                Assert.NotEqual(FrameOutcome.NoNewFrameYet, pipeline.ProcessFrame(frame.At(id)).Outcome);
                Assert.False(pipeline.Status.StructuralChangeWarming);
            }

            Assert.Equal(other, pipeline.Running.GuidanceScale);
            Assert.All(fakes.Unet.Calls, c => Assert.Equal(rows, c.Rows));
            Assert.Equal(10, fakes.Unet.Calls.Count);
            Assert.Equal(rows, pipeline.Status.UnetRows);
        }
    }

    [Fact]
    public void One_step_rcfg_stays_finite_where_the_reference_recurrence_diverges()
    {
        // t = 999: b/a = 14.6, so without resetting stock to ε0 each frame (b/a)(1 + (γ−1)δ) > 1 grows it geometrically.
        var fakes = new FakeModels { Unet = { Recording = false } };
        var pipeline = new StreamPipeline(fakes.Models, Parameters(GuidanceMode.Self, [0], guidance: 1.4f, delta: 1f));
        var frame = new TestFrame();
        float[] noise = NoiseBank.Create(2, 1, fakes.RowLength);
        for (int id = 1; id <= 300; id++)
        {
            Assert.Equal(FrameOutcome.NewFrame, pipeline.ProcessFrame(frame.At(id)).Outcome);

            // After the step, stock = ε0 + Δ with Δ bounded by this frame alone; the next frame starts from ε0 again.
            Assert.True(float.IsFinite(System.Numerics.Tensors.TensorPrimitives.MaxMagnitude(pipeline.Running.Guidance.Stock)));
        }

        Assert.Equal(0, pipeline.Status.DroppedFrames);

        // The same recurrence without the reset, in doubles: it leaves any sane range within a few dozen frames.
        StepCoefficients s = LcmSchedule.Default[0];
        double stock = noise[0], x = s.B * noise[0];
        for (int i = 0; i < 40; i++)
        {
            double guided = stock + (1.4 * ((0.5 * x) + 0.999 - stock));
            stock = noise[0] + (s.COut * s.B * (stock - guided) / s.A) + (s.CSkip * s.B * stock);
        }

        Assert.True(Math.Abs(stock) > 1e6, $"the un-reset recurrence reached only {stock}");
    }

    private static void AssertClose(double[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= Tolerance * Math.Max(1, Math.Abs(expected[i])), $"element {i}: expected {expected[i]}, actual {actual[i]}");
        }
    }
}
