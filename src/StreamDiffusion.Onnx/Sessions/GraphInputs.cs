using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace StreamDiffusion.Onnx.Sessions;

/// <summary>
/// Reads a graph's inputs and outputs through the alias table and records every mismatch as a problem sentence that
/// names the model file, the tensor, what it is and what was expected.
/// </summary>
internal sealed class GraphInputs
{
    private readonly string _modelPath;
    private readonly IReadOnlyDictionary<string, NodeMetadata> _inputs;
    private readonly IReadOnlyDictionary<string, NodeMetadata> _outputs;
    private readonly HashSet<string> _claimed = new(StringComparer.Ordinal);

    public GraphInputs(string modelPath, InferenceSession session, List<string> problems)
    {
        _modelPath = modelPath;
        _inputs = session.InputMetadata;
        _outputs = session.OutputMetadata;
        Problems = problems;
    }

    public List<string> Problems { get; }

    /// <summary>The model file, for problem sentences.</summary>
    public string ModelPath => _modelPath;

    /// <summary>Finds the input playing <paramref name="role"/> under any of its aliases; null (and a problem unless optional) when absent.</summary>
    public (string Name, NodeMetadata Metadata)? Input(string role, string[] aliases, bool optional = false) =>
        Find(_inputs, "input", role, aliases, optional);

    /// <summary>Finds the output playing <paramref name="role"/>.</summary>
    public (string Name, NodeMetadata Metadata)? Output(string role, string[] aliases) =>
        Find(_outputs, "output", role, aliases, optional: false);

    /// <summary>Checks rank and element type; adds a problem and returns false on mismatch.</summary>
    public bool Expect((string Name, NodeMetadata Metadata)? tensor, int[] ranks, params TensorElementType[] types)
    {
        if (tensor is not { } t)
        {
            return false;
        }

        var ok = true;
        var rank = t.Metadata.Dimensions.Length;
        if (Array.IndexOf(ranks, rank) < 0)
        {
            Problems.Add($"'{_modelPath}': '{t.Name}' has rank {rank} {Describe(t.Metadata)}; expected rank {string.Join(" or ", ranks)}. Re-export the model with the standard Stable Diffusion signature.");
            ok = false;
        }

        if (Array.IndexOf(types, t.Metadata.ElementDataType) < 0)
        {
            Problems.Add($"'{_modelPath}': '{t.Name}' is {t.Metadata.ElementDataType}; expected {string.Join(" or ", types)}.");
            ok = false;
        }

        return ok;
    }

    /// <summary>Checks that dimension <paramref name="axis"/> is either dynamic or equal to <paramref name="expected"/>.</summary>
    public bool ExpectDim((string Name, NodeMetadata Metadata)? tensor, int axis, int expected, string meaning)
    {
        if (tensor is not { } t || axis >= t.Metadata.Dimensions.Length)
        {
            return false;
        }

        var actual = t.Metadata.Dimensions[axis];
        if (actual > 0 && actual != expected)
        {
            Problems.Add($"'{_modelPath}': '{t.Name}' has {meaning} {actual} (axis {axis} of {Describe(t.Metadata)}); this pipeline state needs {expected}.");
            return false;
        }

        return true;
    }

    /// <summary>Reports every input no role claimed: the pipeline cannot feed it.</summary>
    public void RejectUnclaimedInputs(string feeds)
    {
        foreach (var (name, metadata) in _inputs)
        {
            if (!_claimed.Contains(name))
            {
                Problems.Add($"'{_modelPath}': required input '{name}' {Describe(metadata)} is not one this pipeline can feed (it feeds {feeds}). " +
                             "SDXL-style inputs (text_embeds, time_ids) and ControlNet inputs are not supported; use an SD 1.x/2.x export.");
            }
        }
    }

    /// <summary>"float16 [batch,4,64,64]"-style description of a tensor.</summary>
    public static string Describe(NodeMetadata metadata)
    {
        var dims = new string[metadata.Dimensions.Length];
        for (var i = 0; i < dims.Length; i++)
        {
            var symbolic = i < metadata.SymbolicDimensions.Length ? metadata.SymbolicDimensions[i] : "";
            dims[i] = metadata.Dimensions[i] > 0 ? metadata.Dimensions[i].ToString(System.Globalization.CultureInfo.InvariantCulture)
                : string.IsNullOrEmpty(symbolic) ? "?" : symbolic;
        }

        return $"({metadata.ElementDataType} [{string.Join(',', dims)}])";
    }

    private (string Name, NodeMetadata Metadata)? Find(
        IReadOnlyDictionary<string, NodeMetadata> tensors, string kind, string role, string[] aliases, bool optional)
    {
        foreach (var alias in aliases)
        {
            if (tensors.TryGetValue(alias, out var metadata))
            {
                _claimed.Add(alias);
                return (alias, metadata);
            }
        }

        if (!optional)
        {
            Problems.Add($"'{_modelPath}': no {kind} for {role}; looked for {string.Join(", ", aliases.Select(a => $"'{a}'"))} " +
                         $"but the graph's {kind}s are {string.Join(", ", tensors.Select(t => $"'{t.Key}' {Describe(t.Value)}"))}.");
        }

        return null;
    }
}
