using System.Text.Json;
using System.Text.Json.Serialization;

namespace StreamDiffusion.Onnx.Folders;

/// <summary>
/// The optional <c>sdbroadcast-model.json</c> of a model folder: what the graphs cannot say. Every field is optional;
/// the loader derives or assumes what is missing and reports each assumption.
/// </summary>
public sealed record ModelManifest
{
    /// <summary>File name of the manifest inside a model folder.</summary>
    public const string FileName = "sdbroadcast-model.json";

    /// <summary>Manifest format version (1).</summary>
    public int SchemaVersion { get; init; } = 1;

    /// <summary>Family, e.g. "sd-turbo", "sd1.5-lcm" (informational).</summary>
    public string? Family { get; init; }

    /// <summary>VAE latent scaling: 0.18215 for the SD 1.x/2.x KL-VAE, 1.0 for TAESD.</summary>
    public float? LatentScaling { get; init; }

    /// <summary>Pixel range the VAE works in: "[-1,1]" (diffusers VAE, AutoencoderTiny) or "[0,1]" (raw TAESD).</summary>
    public string? ImageRange { get; init; }

    /// <summary>Pad token of the text encoder's tokenizer ("!" for SD 2.x, "&lt;|endoftext|&gt;" for SD 1.x).</summary>
    public string? PadToken { get; init; }

    /// <summary>Licence of the weights (e.g. "CreativeML Open RAIL++-M"), shown to the operator.</summary>
    public string? Licence { get; init; }

    /// <summary>JSON options shared by reader and writer (camelCase, comments and trailing commas allowed).</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };
}
