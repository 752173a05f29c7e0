using StreamDiffusion.Core.Models;

namespace StreamDiffusion.Core.Tests.Fakes;

/// <summary>A set of fake models with typed access to each.</summary>
public sealed class FakeModels
{
    public FakeModels(int latentHeight = 2, int latentWidth = 2, int maxRows = 8, float scaling = 0.5f, int sequenceLength = 2, int embeddingWidth = 3)
    {
        var latent = new LatentShape(4, latentHeight, latentWidth);
        TextEncoder = new FakeTextEncoder(sequenceLength, embeddingWidth);
        Unet = new RecordingUnet(latent, sequenceLength, embeddingWidth, maxRows);
        Encoder = new FakeImageEncoder(latent);
        Decoder = new FakeImageDecoder(latent);
        Models = new DiffusionModels(TextEncoder, Unet, Encoder, Decoder, scaling);
    }

    public FakeTextEncoder TextEncoder { get; }

    public RecordingUnet Unet { get; }

    public FakeImageEncoder Encoder { get; }

    public FakeImageDecoder Decoder { get; }

    public DiffusionModels Models { get; }

    public int RowLength => Unet.Latent.Length;

    public int EmbeddingLength => Unet.SequenceLength * Unet.EmbeddingWidth;
}
