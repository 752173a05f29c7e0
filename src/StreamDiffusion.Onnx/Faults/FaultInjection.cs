using StreamDiffusion.Core.Models;

namespace StreamDiffusion.Onnx.Faults;

/// <summary>Wraps a whole <see cref="DiffusionModels"/> set, one plan per model, for the host's fault tests.</summary>
public static class FaultInjection
{
    /// <summary>
    /// Returns the models wrapped with <paramref name="unet"/>, <paramref name="encoder"/>, <paramref name="decoder"/> and
    /// <paramref name="text"/> plans (null = <see cref="FaultPlan.None"/>). The caller owns the returned injectors.
    /// </summary>
    public static (DiffusionModels Models, FaultInjector Unet, FaultInjector Encoder, FaultInjector Decoder, FaultInjector Text) Wrap(
        DiffusionModels models, FaultPlan? unet = null, FaultPlan? encoder = null, FaultPlan? decoder = null, FaultPlan? text = null)
    {
        ArgumentNullException.ThrowIfNull(models);
        var unetFaults = new FaultInjector("unet", unet ?? FaultPlan.None);
        var encoderFaults = new FaultInjector("vae_encoder", encoder ?? FaultPlan.None);
        var decoderFaults = new FaultInjector("vae_decoder", decoder ?? FaultPlan.None);
        var textFaults = new FaultInjector("text_encoder", text ?? FaultPlan.None);
        var wrapped = models with
        {
            TextEncoder = new FaultInjectingTextEncoder(models.TextEncoder, textFaults),
            Unet = new FaultInjectingUnet(models.Unet, unetFaults),
            ImageEncoder = new FaultInjectingImageEncoder(models.ImageEncoder, encoderFaults),
            ImageDecoder = new FaultInjectingImageDecoder(models.ImageDecoder, decoderFaults),
        };
        return (wrapped, unetFaults, encoderFaults, decoderFaults, textFaults);
    }
}
