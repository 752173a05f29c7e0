using StreamDiffusion.Core.Models;
using StreamDiffusion.Core.Pipeline;

namespace StreamDiffusion.Core.Bench;

/// <summary>
/// Models that cost (almost) nothing, so a benchmark of the pipeline measures the Core's own per-frame work: the
/// fp32 scheduler and guidance math, batch assembly, finite checks and similarity. Shapes are the real SD 1.5 ones at
/// 512×512: latent 4×64×64, text embeddings 77×768.
/// </summary>
internal sealed class NoCostModels : ITextEncoder, IUnet, IImageEncoder, IImageDecoder, IStreamInputFrame
{
    public static readonly LatentShape Shape = new(4, 64, 64);

    public int SequenceLength => 77;

    public int EmbeddingWidth => 768;

    public LatentShape Latent => Shape;

    public int MaxRows => 8;

    public int ImageHeight => 512;

    public int ImageWidth => 512;

    public FrameProvenance Provenance { get; set; }

    public DiffusionModels AsModels() => new(this, this, this, this, 0.18215f);

    public void Encode(string prompt, Span<float> embeddings) => embeddings.Fill(prompt.Length * 0.01f);

    public void Predict(in UnetBatch batch, Span<float> noisePrediction) => batch.Latents.CopyTo(noisePrediction);

    public void Encode(ReadOnlySpan<float> image, Span<float> latent) => image[..latent.Length].CopyTo(latent);

    public void Decode(ReadOnlySpan<float> latent, Span<float> image) => latent.CopyTo(image);

    public void WriteModelImage(int height, int width, Span<float> image) => image.Fill(0.25f);
}
