using StreamDiffusion.Onnx.Sessions;

namespace StreamDiffusion.Onnx.Tests.Sessions;

/// <summary>LCM's guidance-scale embedding against values worked out by hand from its definition.</summary>
public sealed class GuidanceScaleEmbeddingTests
{
    [Fact]
    public void Guidance_one_embeds_as_zero_sines_and_unit_cosines()
    {
        var embedding = new float[256];

        GuidanceScaleEmbedding.Compute(1f, embedding);

        Assert.All(embedding[..128], v => Assert.Equal(0f, v));
        Assert.All(embedding[128..], v => Assert.Equal(1f, v));
    }

    [Fact]
    public void Frequencies_run_from_1_down_to_1_over_10000()
    {
        var embedding = new float[8];

        GuidanceScaleEmbedding.Compute(1.001f, embedding);

        // w' = (1.001 − 1)·1000 = 1 (in float: 0.99999…); frequencies 10000^(−k/3), k = 0…3.
        var w = (1.001f - 1.0) * 1000.0;
        for (var k = 0; k < 4; k++)
        {
            var angle = w * Math.Pow(10000, -k / 3.0);
            Assert.Equal(Math.Sin(angle), embedding[k], 5);
            Assert.Equal(Math.Cos(angle), embedding[4 + k], 5);
        }
    }

    [Fact]
    public void Odd_width_is_zero_padded_at_the_end()
    {
        var embedding = new float[7];
        embedding.AsSpan().Fill(9);

        GuidanceScaleEmbedding.Compute(8f, embedding);

        Assert.Equal(0f, embedding[6]);
        Assert.Equal(MathF.Sin(7000f), embedding[0], 3);
    }
}
