using StreamDiffusion.Core.Guidance;
using StreamDiffusion.Core.Scheduling;

namespace StreamDiffusion.Core.Tests;

public sealed class ResidualGuidanceTests
{
    [Fact]
    public void Begin_frame_shifts_the_stock_and_puts_eps0_first()
    {
        var guidance = new ResidualGuidance(GuidanceMode.Self, 3, 2);
        float[] noise = [1, 2, 3, 4, 5, 6];
        guidance.BeginFrame(noise);
        Assert.Equal([1f, 2f, 0f, 0f, 0f, 0f], guidance.Stock.ToArray());

        // Give the stock distinct rows through one update, then check the shift moves rows down by one.
        guidance.UpdateStock([0, 0, 0, 0, 0, 0], noise, [LcmSchedule.Default[20], LcmSchedule.Default[30], LcmSchedule.Default[40]]);
        float[] before = guidance.Stock.ToArray();
        guidance.BeginFrame(noise);
        Assert.Equal([1f, 2f, before[0], before[1], before[2], before[3]], guidance.Stock.ToArray());
    }

    [Fact]
    public void With_one_step_the_stock_is_eps0_at_the_start_of_every_frame()
    {
        var guidance = new ResidualGuidance(GuidanceMode.Self, 1, 2);
        float[] noise = [0.5f, -0.5f];
        guidance.BeginFrame(noise);
        guidance.UpdateStock([3f, -3f], noise, [LcmSchedule.Default[0]]);
        Assert.NotEqual(noise, guidance.Stock.ToArray());
        guidance.BeginFrame(noise);
        Assert.Equal(noise, guidance.Stock.ToArray());
    }

    [Fact]
    public void Full_guidance_combines_negative_and_positive_rows()
    {
        var guidance = new ResidualGuidance(GuidanceMode.Full, 2, 2);
        Assert.Equal(4, guidance.UnetRows);
        Assert.Equal(2, guidance.ConditionalRowOffset);

        // rows: uncond0, uncond1, cond0, cond1; ε̂ = u + 1.5·(c − u)
        float[] output = [1, 2, 3, 4, 2, 4, 3, 8];
        guidance.Combine(output, 1.5f, 0.3f);
        Assert.Equal([1f, 2f, 3f, 4f, 2.5f, 5f, 3f, 10f], output);
    }

    [Fact]
    public void Initialize_guidance_takes_stock0_from_the_negative_row_and_uses_delta()
    {
        var guidance = new ResidualGuidance(GuidanceMode.Initialize, 2, 1);
        Assert.Equal(3, guidance.UnetRows);
        guidance.BeginFrame([7f, 9f]);

        // rows: negative on step-0 latent, cond0, cond1. stock = [row0 = 2, 0]; ε_u = δ·stock = [1, 0].
        float[] output = [2, 5, 4];
        guidance.Combine(output, 2f, 0.5f);
        Assert.Equal(2f, guidance.Stock[0]);
        Assert.Equal([2f, 1f + (2f * (5f - 1f)), 0f + (2f * 4f)], output);
    }

    [Fact]
    public void Guidance_at_or_below_one_leaves_the_conditional_prediction_untouched()
    {
        foreach (GuidanceMode mode in Enum.GetValues<GuidanceMode>())
        {
            var guidance = new ResidualGuidance(mode, 2, 2);
            guidance.BeginFrame([1, 1, 1, 1]);
            float[] output = Enumerable.Range(1, guidance.UnetRows * 2).Select(i => (float)i).ToArray();
            float[] before = (float[])output.Clone();
            guidance.Combine(output, 1f, 1f);
            Assert.Equal(before, output);
        }
    }

    [Fact]
    public void Unknown_modes_are_refused()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new ResidualGuidance((GuidanceMode)9, 2, 2));
        Assert.Contains("Fix:", error.Message, StringComparison.Ordinal);
    }
}
