namespace StreamDiffusion.Onnx.Sessions;

/// <summary>
/// The names each exporter gives the same tensor (research/csharp-onnx.md §2): diffusers, optimum, Olive/OnnxStack,
/// StreamDiffusion-TRT. Binding is by these names, never by position.
/// </summary>
internal static class TensorAliases
{
    public static readonly string[] InputIds = ["input_ids"];
    public static readonly string[] TextHidden = ["last_hidden_state", "text_embeddings"];

    public static readonly string[] UnetSample = ["sample", "latent_model_input"];
    public static readonly string[] UnetTimestep = ["timestep", "t"];
    public static readonly string[] UnetText = ["encoder_hidden_states", "embeddings"];
    public static readonly string[] UnetTimestepCond = ["timestep_cond"];
    public static readonly string[] UnetOutput = ["out_sample", "latent", "noise_pred"];

    public static readonly string[] EncoderImage = ["sample", "images", "image"];
    public static readonly string[] EncoderOutput = ["latent_sample", "latent_parameters", "latent", "latent_dist"];

    public static readonly string[] DecoderLatent = ["latent_sample", "latent", "latents"];
    public static readonly string[] DecoderImage = ["sample", "images", "image"];
}
