using StreamDiffusion.Core.Scheduling;

namespace StreamDiffusion.Core.Tests;

public sealed class LcmScheduleTests
{
    [Fact]
    public void Alphas_cumprod_ends_match_the_reference()
    {
        // research/streamdiffusion.md §1.1: ᾱ_0 = 0.99915, ᾱ_999 = 0.0046601 (fp32).
        ReadOnlySpan<float> alphas = LcmSchedule.Default.AlphasCumprod;
        Assert.Equal(1000, alphas.Length);
        Assert.Equal(0.99915, alphas[0], 5e-6);
        Assert.Equal(0.0046601, alphas[999], 5e-8);
    }

    [Theory]
    [InlineData(0, 999, 0.068265, 0.997667)]
    [InlineData(16, 679, 0.309813, 0.950798)]
    [InlineData(18, 639, 0.354839, 0.934928)]
    [InlineData(22, 559, 0.451301, 0.892372)]
    [InlineData(25, 499, 0.526944, 0.849900)]
    [InlineData(26, 479, 0.552355, 0.833609)]
    [InlineData(32, 359, 0.701071, 0.713092)]
    [InlineData(35, 299, 0.769534, 0.638605)]
    [InlineData(45, 99, 0.946289, 0.323323)]
    public void Step_constants_match_the_reference_table(int index, int timestep, double a, double b)
    {
        // research/streamdiffusion.md §1.2 table (6 decimals).
        StepCoefficients step = LcmSchedule.Default[index];
        Assert.Equal(timestep, step.Timestep);
        Assert.Equal(timestep, LcmSchedule.TimestepAt(index));
        Assert.Equal(a, step.A, 1.5e-6);
        Assert.Equal(b, step.B, 1.5e-6);
    }

    [Fact]
    public void Boundary_scalings_are_the_consistency_model_values()
    {
        // §1.3: c_skip ≤ 7e-6 and c_out ≥ 0.999996 for every t ≥ 19; t = 999: 2.5e-9; t = 99: 2.55e-7.
        for (int index = 0; index < LcmSchedule.InferenceSteps; index++)
        {
            StepCoefficients step = LcmSchedule.Default[index];
            Assert.InRange(step.CSkip, 0f, 7e-6f);
            Assert.InRange(step.COut, 0.999996f, 1f);
        }

        Assert.Equal(2.5e-9, LcmSchedule.Default[0].CSkip, 0.01e-9);
        Assert.Equal(2.55e-7, LcmSchedule.Default[45].CSkip, 0.01e-7);
    }

    [Theory]
    [InlineData(new int[0], "empty")]
    [InlineData(new[] { 10, 20, 30, 40, 45 }, "5 entries")]
    [InlineData(new[] { 32, 50 }, "Step index 50 at position 1")]
    [InlineData(new[] { -1 }, "Step index -1 at position 0")]
    [InlineData(new[] { 45, 32 }, "not greater than the one before it (45)")]
    [InlineData(new[] { 32, 32 }, "strictly ascending")]
    public void Bad_step_index_lists_are_refused_with_value_limit_and_fix(int[] indices, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => LcmSchedule.ValidateStepIndices(indices, "t_index_list"));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains("Fix:", error.Message, StringComparison.Ordinal);
        Assert.Equal("t_index_list", error.ParamName);
    }

    [Theory]
    [InlineData(0.36f, 2, new[] { 32, 45 })]
    [InlineData(0.30f, 2, new[] { 35, 45 })]
    [InlineData(1.0f, 1, new[] { 0 })]
    [InlineData(1.0f, 4, new[] { 0, 15, 30, 45 })]
    [InlineData(0.0f, 4, new[] { 46, 47, 48, 49 })]
    [InlineData(0.02f, 2, new[] { 48, 49 })]
    public void Strength_maps_to_an_ascending_step_index_list(float strength, int steps, int[] expected)
    {
        int[] indices = LcmSchedule.StepIndicesForStrength(strength, steps);
        Assert.Equal(expected, indices);
        LcmSchedule.ValidateStepIndices(indices, "strength");
    }

    [Fact]
    public void Strength_outside_zero_to_one_is_refused()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => LcmSchedule.StepIndicesForStrength(1.5f, 2));
        Assert.Contains("1.5", error.Message, StringComparison.Ordinal);
        Assert.Contains("Fix:", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => LcmSchedule.StepIndicesForStrength(float.NaN, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => LcmSchedule.StepIndicesForStrength(0.5f, 5));
    }
}
