using Microsoft.ML.OnnxRuntime;

namespace StreamDiffusion.Onnx.Sessions;

/// <summary>
/// Turns <see cref="ExecutionProviderSettings"/> into ONNX Runtime <see cref="SessionOptions"/>. A provider is only a
/// session-options recipe, so nothing above this class names CUDA or DirectML.
/// </summary>
public static class SessionOptionsFactory
{
    /// <summary>Provider names this factory knows, with ORT's internal name for each.</summary>
    public static IReadOnlyDictionary<string, string> KnownProviders { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["cpu"] = "CPUExecutionProvider",
        ["cuda"] = "CUDAExecutionProvider",
        ["tensorrt"] = "TensorrtExecutionProvider",
        ["directml"] = "DmlExecutionProvider",
    };

    /// <summary>ORT's names of the providers compiled into the loaded native library.</summary>
    public static IReadOnlyList<string> AvailableProviders() => OrtEnv.Instance().GetAvailableProviders();

    /// <summary>
    /// Creates session options for <paramref name="settings"/>. Throws <see cref="ExecutionProviderException"/> when
    /// the name is unknown or the provider is not in this build, naming what is available and how to get it.
    /// </summary>
    public static SessionOptions Create(ExecutionProviderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!KnownProviders.TryGetValue(settings.Name, out var ortName))
        {
            throw new ExecutionProviderException(
                $"Execution provider '{settings.Name}' is unknown. Use one of: {string.Join(", ", KnownProviders.Keys)}.");
        }

        var available = AvailableProviders();
        if (!available.Contains(ortName))
        {
            throw new ExecutionProviderException(
                $"Execution provider '{settings.Name}' ({ortName}) is not in this build of ONNX Runtime " +
                $"(available: {string.Join(", ", available)}). {HowToGet(settings.Name)}");
        }

        if (settings.IntraOpThreads < 1)
        {
            throw new ExecutionProviderException(
                $"IntraOpThreads is {settings.IntraOpThreads}; it must be at least 1 (1 is right on GPU machines).");
        }

        var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = settings.IntraOpThreads,
            InterOpNumThreads = 1,
        };
        try
        {
            // Busy-spinning pool threads would steal the cores that capture and output need.
            options.AddSessionConfigEntry("session.intra_op.allow_spinning", settings.AllowSpinning ? "1" : "0");
            options.AddSessionConfigEntry("session.inter_op.allow_spinning", settings.AllowSpinning ? "1" : "0");
            var providerOptions = new Dictionary<string, string>(settings.Options, StringComparer.Ordinal);
            switch (settings.Name.ToLowerInvariant())
            {
                case "cuda":
                    using (var cuda = new OrtCUDAProviderOptions())
                    {
                        providerOptions.TryAdd("device_id", settings.DeviceId.ToString(System.Globalization.CultureInfo.InvariantCulture));
                        cuda.UpdateOptions(providerOptions);
                        options.AppendExecutionProvider_CUDA(cuda);
                    }

                    break;
                case "tensorrt":
                    using (var tensorRt = new OrtTensorRTProviderOptions())
                    {
                        providerOptions.TryAdd("device_id", settings.DeviceId.ToString(System.Globalization.CultureInfo.InvariantCulture));
                        tensorRt.UpdateOptions(providerOptions);
                        options.AppendExecutionProvider_Tensorrt(tensorRt);
                    }

                    // Nodes TensorRT rejects fall back to CUDA, not to CPU.
                    options.AppendExecutionProvider_CUDA(settings.DeviceId);
                    break;
                case "directml":
                    // The DirectML provider needs sequential execution and no memory pattern.
                    options.EnableMemoryPattern = false;
                    options.AppendExecutionProvider_DML(settings.DeviceId);
                    break;
                default:
                    if (providerOptions.Count > 0)
                    {
                        throw new ExecutionProviderException(
                            $"The cpu provider takes no provider options, but these were given: {string.Join(", ", providerOptions.Keys)}. Remove them.");
                    }

                    break;
            }

            return options;
        }
        catch (OnnxRuntimeException e)
        {
            options.Dispose();
            throw new ExecutionProviderException(
                $"Execution provider '{settings.Name}' could not be set up: {e.Message.Trim()}. Check the options " +
                $"({string.Join(", ", settings.Options.Keys)}) and the provider's runtime libraries: {RuntimeLibraries(settings.Name)}", e);
        }
        catch
        {
            options.Dispose();
            throw;
        }
    }

    // Read from the NEEDED entries of the 1.31.0 linux-x64 provider libraries (readelf -d).
    private static string RuntimeLibraries(string name) => name.ToLowerInvariant() switch
    {
        "cuda" => "the CUDA provider of ONNX Runtime 1.31.0 needs libcudart.so.13, libcublas.so.13, libcublasLt.so.13, libcurand.so.10 (CUDA 13) and cuDNN 9 on the library path.",
        "tensorrt" => "the TensorRT provider of ONNX Runtime 1.31.0 needs libnvinfer.so.10 and libnvonnxparser.so.10 (TensorRT 10), libcudart.so.13 (CUDA 13) and libcudnn.so.9.",
        "directml" => "DirectML needs Windows 10 1903 or newer and a DirectX 12 GPU.",
        _ => "none expected for this provider.",
    };

    private static string HowToGet(string name) => name.ToLowerInvariant() switch
    {
        "cuda" => "Build with -p:OnnxRuntimeFlavor=Gpu (Microsoft.ML.OnnxRuntime.Gpu 1.31.0) and install the CUDA 13 runtime and cuDNN 9.",
        "tensorrt" => "Build with -p:OnnxRuntimeFlavor=Gpu (Microsoft.ML.OnnxRuntime.Gpu 1.31.0) and install the CUDA 13 runtime, cuDNN 9 and TensorRT 10.",
        "directml" => "DirectML needs the Windows-only Microsoft.ML.OnnxRuntime.DirectML package, which this build does not use.",
        _ => "",
    };
}
