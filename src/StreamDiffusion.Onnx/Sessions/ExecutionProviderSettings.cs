namespace StreamDiffusion.Onnx.Sessions;

/// <summary>
/// Which ONNX Runtime execution provider runs the models, by name (<c>cpu</c>, <c>cuda</c>, <c>tensorrt</c>,
/// <c>directml</c>), with the provider's own options as key/value pairs from configuration.
/// </summary>
public sealed record ExecutionProviderSettings
{
    /// <summary>CPU, one intra-op thread, spinning off: the settings tests and CI use.</summary>
    public static ExecutionProviderSettings Cpu { get; } = new();

    /// <summary>Provider name: cpu, cuda, tensorrt or directml (case-insensitive).</summary>
    public string Name { get; init; } = "cpu";

    /// <summary>GPU index for cuda, tensorrt and directml.</summary>
    public int DeviceId { get; init; }

    /// <summary>Provider options (e.g. cuda <c>cudnn_conv_algo_search</c>, tensorrt <c>trt_fp16_enable</c>), passed through unchanged.</summary>
    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>();

    /// <summary>Threads for CPU-placed nodes. 1 keeps the CPU free for capture and output on GPU machines.</summary>
    public int IntraOpThreads { get; init; } = 1;

    /// <summary>Let idle ORT threads busy-spin (faster hand-off, burns a core). Off by default.</summary>
    public bool AllowSpinning { get; init; }

    /// <summary>A stable text key for sharing sessions: two equal settings give the same key.</summary>
    public string Key =>
        $"{Name.ToLowerInvariant()}:{DeviceId}:t{IntraOpThreads}:s{(AllowSpinning ? 1 : 0)}:" +
        string.Join(',', Options.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key}={o.Value}"));
}
