using StreamDiffusion.Core.Conditioning;

namespace StreamDiffusion.Core.Tests;

public sealed class EmbeddingBlendTests
{
    [Fact]
    public void Linear_blend_is_the_straight_line()
    {
        var result = new float[2];
        EmbeddingBlend.Blend(EmbeddingBlendMode.Linear, [0, 2], [4, 6], 0.25f, result);
        Assert.Equal([1f, 3f], result);
    }

    [Fact]
    public void Slerp_follows_the_great_circle_and_keeps_the_norm()
    {
        var result = new float[2];
        EmbeddingBlend.Blend(EmbeddingBlendMode.Slerp, [1, 0], [0, 1], 0.5f, result);
        Assert.Equal(MathF.Sqrt(0.5f), result[0], 1e-6f);
        Assert.Equal(MathF.Sqrt(0.5f), result[1], 1e-6f);
        EmbeddingBlend.Blend(EmbeddingBlendMode.Slerp, [1, 0], [0, 1], 1f / 3, result);
        Assert.Equal(MathF.Cos(MathF.PI / 6), result[0], 1e-6f);
        Assert.Equal(MathF.Sin(MathF.PI / 6), result[1], 1e-6f);
    }

    [Theory]
    [InlineData(EmbeddingBlendMode.Linear)]
    [InlineData(EmbeddingBlendMode.Slerp)]
    public void Ends_are_exact_and_parallel_inputs_fall_back_to_linear(EmbeddingBlendMode mode)
    {
        float[] a = [0.1f, 0.2f, 0.3f], b = [0.7f, -0.2f, 0.9f];
        var result = new float[3];
        EmbeddingBlend.Blend(mode, a, b, 0f, result);
        Assert.Equal(a, result);
        EmbeddingBlend.Blend(mode, a, b, 1f, result);
        Assert.Equal(b, result);
        EmbeddingBlend.Blend(mode, [1, 1, 1], [2, 2, 2], 0.5f, result);
        Assert.Equal([1.5f, 1.5f, 1.5f], result);
    }

    [Fact]
    public void Mismatched_lengths_are_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => EmbeddingBlend.Blend(EmbeddingBlendMode.Linear, [1, 2], [1, 2, 3], 0.5f, new float[2]));
        Assert.Contains("Fix:", error.Message, StringComparison.Ordinal);
    }
}
