namespace StreamDiffusion.Onnx.Sessions;

/// <summary>
/// LCM's guidance-scale embedding fed to UNets distilled with <c>time_cond_proj_dim</c> (<c>timestep_cond</c>):
/// the sinusoidal embedding of w' = (w − 1)·1000, half sines then half cosines, with frequencies
/// exp(−ln(10000)·k / (d/2 − 1)), k = 0 … d/2 − 1, zero-padded when d is odd (Luo et al. 2023, LCM; diffusers
/// LatentConsistencyModelPipeline.get_guidance_scale_embedding called with guidance_scale − 1).
/// </summary>
public static class GuidanceScaleEmbedding
{
    /// <summary>Writes the embedding of guidance scale <paramref name="guidanceScale"/> into <paramref name="embedding"/> (its length is d).</summary>
    public static void Compute(float guidanceScale, Span<float> embedding)
    {
        var width = embedding.Length;
        var half = width / 2;
        embedding.Clear();
        if (half == 0)
        {
            return;
        }

        var scaled = (guidanceScale - 1.0) * 1000.0;
        // half == 1 would divide by zero in the reference; its single frequency is 1 there as well.
        var step = half > 1 ? Math.Log(10000.0) / (half - 1) : 0.0;
        for (var k = 0; k < half; k++)
        {
            var angle = scaled * Math.Exp(-step * k);
            embedding[k] = (float)Math.Sin(angle);
            embedding[half + k] = (float)Math.Cos(angle);
        }
    }
}
