using StreamDiffusion.Core.Models;

namespace StreamDiffusion.Core.Tests.Fakes;

/// <summary>One recorded UNet call.</summary>
public sealed record UnetCall(int Rows, float[] Latents, float[] Timesteps, float[] TextEmbeddings, float[] Output);

/// <summary>
/// A UNet with an exact, hand-checkable prediction: ε̂[r, j] = 0.5·x[r, j] + 0.001·t[r] + 0.1·emb[r, j mod E].
/// Records every call when <see cref="Recording"/> is on (off, it allocates nothing); can inject NaN on one call.
/// </summary>
public sealed class RecordingUnet(LatentShape latent, int sequenceLength = 2, int embeddingWidth = 3, int maxRows = 8) : IUnet
{
    private readonly List<UnetCall> _calls = [];

    public LatentShape Latent { get; } = latent;

    public int SequenceLength { get; } = sequenceLength;

    public int EmbeddingWidth { get; } = embeddingWidth;

    public int MaxRows { get; } = maxRows;

    public bool Recording { get; set; } = true;

    public int CallCount { get; private set; }

    /// <summary>Call number (1-based) whose output gets a NaN; 0 for none.</summary>
    public int NaNOnCall { get; set; }

    /// <summary>Call number (1-based) that throws, as a failing inference session would; 0 for none.</summary>
    public int ThrowOnCall { get; set; }

    public IReadOnlyList<UnetCall> Calls => _calls;

    public static float Predict(float x, float t, float embedding) => (0.5f * x) + (0.001f * t) + (0.1f * embedding);

    public void Predict(in UnetBatch batch, Span<float> noisePrediction)
    {
        CallCount++;
        if (ThrowOnCall == CallCount)
        {
            throw new InvalidOperationException("injected UNet failure");
        }

        int l = Latent.Length;
        int e = SequenceLength * EmbeddingWidth;
        if (batch.Rows > MaxRows || batch.Latents.Length != batch.Rows * l || batch.Timesteps.Length != batch.Rows
            || batch.TextEmbeddings.Length != batch.Rows * e || noisePrediction.Length != batch.Rows * l)
        {
            throw new InvalidOperationException($"UNet batch shapes disagree with {batch.Rows} rows.");
        }

        for (int r = 0; r < batch.Rows; r++)
        {
            for (int j = 0; j < l; j++)
            {
                noisePrediction[(r * l) + j] = Predict(batch.Latents[(r * l) + j], batch.Timesteps[r], batch.TextEmbeddings[(r * e) + (j % e)]);
            }
        }

        if (NaNOnCall == CallCount)
        {
            noisePrediction[l / 2] = float.NaN;
        }

        if (Recording)
        {
            _calls.Add(new UnetCall(batch.Rows, batch.Latents.ToArray(), batch.Timesteps.ToArray(), batch.TextEmbeddings.ToArray(), noisePrediction.ToArray()));
        }
    }
}
