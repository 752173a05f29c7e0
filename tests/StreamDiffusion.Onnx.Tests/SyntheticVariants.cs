using StreamDiffusion.Onnx.Synthetic;

namespace StreamDiffusion.Onnx.Tests;

/// <summary>Every synthetic variant the builder makes, by a short name tests can print.</summary>
internal static class SyntheticVariants
{
    public static readonly IReadOnlyDictionary<string, SyntheticModelOptions> All = new Dictionary<string, SyntheticModelOptions>
    {
        ["sd-turbo fp32"] = new() { Family = SyntheticFamily.SdTurboLike },
        ["sd-turbo fp16"] = new() { Family = SyntheticFamily.SdTurboLike, Float16Io = true },
        ["sd1.5 fp32 int64 ids"] = new() { Family = SyntheticFamily.Sd15Like, InputIdsInt64 = true },
        ["sd1.5 fp16 lcm timestep_cond"] = new() { Family = SyntheticFamily.Sd15Like, Float16Io = true, TimestepCond = true },
        ["sd-turbo rank-0 timestep"] = new() { Timestep = SyntheticTimestep.FloatScalar },
        ["sd1.5 int64 timestep"] = new() { Family = SyntheticFamily.Sd15Like, Timestep = SyntheticTimestep.Int64Vector },
        ["sd-turbo external data"] = new() { ExternalData = true },
        ["sd-turbo latent_parameters"] = new() { EncoderOutput = SyntheticEncoderOutput.LatentParameters },
        ["sd1.5 sampling encoder"] = new() { Family = SyntheticFamily.Sd15Like, EncoderOutput = SyntheticEncoderOutput.Sampling },
        ["sd-turbo trt names"] = new() { UnetOutputName = "latent" },
        ["sd-turbo not near-identity"] = new() { NearIdentity = false },
        ["sd1.5 no manifest"] = new() { Family = SyntheticFamily.Sd15Like, WriteManifest = false },
    };

    public static TheoryData<string> Names => [.. All.Keys];
}
