namespace StreamDiffusion.Onnx.Synthetic;

/// <summary>The variant of synthetic model folder to write. Defaults give a tiny, deterministic, near-identity sd-turbo-like folder.</summary>
public sealed record SyntheticModelOptions
{
    /// <summary>Family imitated (text width, pad token).</summary>
    public SyntheticFamily Family { get; init; } = SyntheticFamily.SdTurboLike;

    /// <summary>Image side in pixels (a multiple of 8; the latent side is a eighth of it). 64 keeps tests fast.</summary>
    public int ImageSize { get; init; } = 64;

    /// <summary>fp16 inputs and outputs (Olive <c>keep_io_types: false</c>), else fp32.</summary>
    public bool Float16Io { get; init; }

    /// <summary>Element type and rank of the UNet's timestep.</summary>
    public SyntheticTimestep Timestep { get; init; } = SyntheticTimestep.FloatVector;

    /// <summary>Adds the LCM <c>timestep_cond</c> input [batch, 256] (guidance-scale embedding).</summary>
    public bool TimestepCond { get; init; }

    /// <summary>Stores initializers in <c>model.onnx.data</c> beside each <c>model.onnx</c>.</summary>
    public bool ExternalData { get; init; }

    /// <summary>What the VAE encoder outputs.</summary>
    public SyntheticEncoderOutput EncoderOutput { get; init; } = SyntheticEncoderOutput.LatentSample;

    /// <summary><c>input_ids</c> as int64 (current optimum) instead of int32.</summary>
    public bool InputIdsInt64 { get; init; }

    /// <summary>Name of the UNet output: <c>out_sample</c> (diffusers, optimum, Olive) or <c>latent</c> (StreamDiffusion-TRT).</summary>
    public string UnetOutputName { get; init; } = "out_sample";

    /// <summary>
    /// True: the UNet predicts the noise a light spatial blur would remove, so img2img returns a slightly smoothed
    /// copy of its input. False: seeded channel mixing and strong text conditioning make the output differ from it.
    /// </summary>
    public bool NearIdentity { get; init; } = true;

    /// <summary>
    /// When above 0, the UNet is the cost-realistic <see cref="BenchmarkUnet"/> with this many channels (e.g. 64)
    /// instead of the near-free synthetic one. For benchmarks: its output is not a picture.
    /// </summary>
    public int BenchmarkUnetWidth { get; init; }

    /// <summary>Writes <c>sdbroadcast-model.json</c> (family, scaling, range, pad token, licence).</summary>
    public bool WriteManifest { get; init; } = true;

    /// <summary>Seed of every synthetic weight.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Text embedding width of the family.</summary>
    public int EmbeddingWidth => Family == SyntheticFamily.SdTurboLike ? 1024 : 768;

    /// <summary>Pad token of the family.</summary>
    public string PadToken => Family == SyntheticFamily.SdTurboLike ? "!" : "<|endoftext|>";
}
