using Microsoft.ML.OnnxRuntime.Tensors;

namespace StreamDiffusion.Onnx.Sessions;

/// <summary>How one text encoder export names and types its tensors.</summary>
internal sealed record TextEncoderSignature(
    string InputIds,
    TensorElementType InputIdsType,
    string Hidden,
    TensorElementType HiddenType,
    int SequenceLength,
    int EmbeddingWidth)
{
    /// <summary>Reads the signature; adds a problem per mismatch and returns null when any was found.</summary>
    public static TextEncoderSignature? Read(GraphInputs graph, int sequenceLength)
    {
        var before = graph.Problems.Count;
        var ids = graph.Input("the token ids", TensorAliases.InputIds);
        var hidden = graph.Output("the text embeddings", TensorAliases.TextHidden);
        graph.RejectUnclaimedInputs("input_ids");
        if (graph.Expect(ids, [2], TensorElementType.Int32, TensorElementType.Int64))
        {
            graph.ExpectDim(ids, 0, 1, "a fixed batch");
            graph.ExpectDim(ids, 1, sequenceLength, "a fixed sequence length");
        }

        if (graph.Expect(hidden, [3], TensorElementType.Float, TensorElementType.Float16))
        {
            graph.ExpectDim(hidden, 1, sequenceLength, "a fixed sequence length");
        }

        return graph.Problems.Count > before
            ? null
            : new TextEncoderSignature(ids!.Value.Name, ids.Value.Metadata.ElementDataType, hidden!.Value.Name,
                hidden.Value.Metadata.ElementDataType, sequenceLength, hidden.Value.Metadata.Dimensions[2]);
    }
}
