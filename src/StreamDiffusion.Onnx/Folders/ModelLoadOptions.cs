using StreamDiffusion.Onnx.Sessions;

namespace StreamDiffusion.Onnx.Folders;

/// <summary>The pipeline state a model folder is loaded for: resolution, UNet rows per call and provider.</summary>
public sealed record ModelLoadOptions
{
    /// <summary>Image width in pixels (a multiple of 8; 512 for SD 1.5 and sd-turbo).</summary>
    public int ImageWidth { get; init; } = 512;

    /// <summary>Image height in pixels (a multiple of 8).</summary>
    public int ImageHeight { get; init; } = 512;

    /// <summary>Most rows one UNet call carries (n, n+1 or 2n for Stream Batch with n steps).</summary>
    public int MaxUnetRows { get; init; } = 1;

    /// <summary>Execution provider for every model of the folder.</summary>
    public ExecutionProviderSettings Provider { get; init; } = ExecutionProviderSettings.Cpu;
}
