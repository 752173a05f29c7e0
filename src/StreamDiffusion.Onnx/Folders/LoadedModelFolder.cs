using StreamDiffusion.Core.Models;
using StreamDiffusion.Onnx.Sessions;
using StreamDiffusion.Onnx.Tokenization;

namespace StreamDiffusion.Onnx.Folders;

/// <summary>
/// A validated model folder with its four models bound for one pipeline state, plus what the loader assumed and
/// warns about (printed by <c>sdbroadcast check</c>). Disposing it releases buffers and session shares.
/// </summary>
public sealed class LoadedModelFolder : IDisposable
{
    internal LoadedModelFolder(
        string folder,
        ModelManifest? manifest,
        ClipTokenizer tokenizer,
        OnnxTextEncoder textEncoder,
        OnnxUnet unet,
        OnnxImageEncoder imageEncoder,
        OnnxImageDecoder imageDecoder,
        float latentScaling,
        ImageRange imageRange,
        IReadOnlyList<string> assumptions,
        IReadOnlyList<string> warnings,
        IReadOnlyList<string> findings)
    {
        Findings = findings;
        Folder = folder;
        Manifest = manifest;
        Tokenizer = tokenizer;
        TextEncoder = textEncoder;
        Unet = unet;
        ImageEncoder = imageEncoder;
        ImageDecoder = imageDecoder;
        ImageRange = imageRange;
        Assumptions = assumptions;
        Warnings = warnings;
        Models = new DiffusionModels(textEncoder, unet, imageEncoder, imageDecoder, latentScaling);
    }

    /// <summary>The folder loaded.</summary>
    public string Folder { get; }

    /// <summary>The manifest, when the folder has one.</summary>
    public ModelManifest? Manifest { get; }

    /// <summary>The folder's CLIP tokenizer.</summary>
    public ClipTokenizer Tokenizer { get; }

    /// <summary>The text encoder.</summary>
    public OnnxTextEncoder TextEncoder { get; }

    /// <summary>The UNet.</summary>
    public OnnxUnet Unet { get; }

    /// <summary>The VAE encoder.</summary>
    public OnnxImageEncoder ImageEncoder { get; }

    /// <summary>The VAE decoder.</summary>
    public OnnxImageDecoder ImageDecoder { get; }

    /// <summary>The pixel range the VAE graphs work in (converted by the wrappers).</summary>
    public ImageRange ImageRange { get; }

    /// <summary>The models as the Core pipeline takes them.</summary>
    public DiffusionModels Models { get; }

    /// <summary>What the graphs revealed, one line per model: bound tensor names, element types, timestep form.</summary>
    public IReadOnlyList<string> Findings { get; }

    /// <summary>Everything the loader assumed because neither the manifest nor the graphs said it.</summary>
    public IReadOnlyList<string> Assumptions { get; }

    /// <summary>Things that work but deserve the operator's attention (e.g. a sampling VAE encoder).</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Releases every buffer and session share.</summary>
    public void Dispose()
    {
        TextEncoder.Dispose();
        Unet.Dispose();
        ImageEncoder.Dispose();
        ImageDecoder.Dispose();
    }
}
