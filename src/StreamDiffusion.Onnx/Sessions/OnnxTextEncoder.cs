using Microsoft.ML.OnnxRuntime;
using StreamDiffusion.Core.Models;
using StreamDiffusion.Onnx.Tokenization;

namespace StreamDiffusion.Onnx.Sessions;

/// <summary>
/// <see cref="ITextEncoder"/> over an ONNX Runtime session and the folder's CLIP tokenizer: ids padded with the
/// folder's pad token, <c>input_ids</c> as the graph's int32 or int64, <c>last_hidden_state</c> read back as fp32.
/// Thread-safe (a lock: prompts are encoded ahead, off the frame path).
/// </summary>
public sealed class OnnxTextEncoder : ITextEncoder, IDisposable
{
    private readonly Lock _gate = new();
    private readonly SessionLease _lease;
    private readonly ClipTokenizer _tokenizer;
    private readonly int[] _ids;
    private readonly BoundTensor _input;
    private readonly BoundTensor _hidden;
    private readonly OrtIoBinding _binding;
    private readonly RunOptions _runOptions = new();

    internal OnnxTextEncoder(SessionLease lease, TextEncoderSignature signature, ClipTokenizer tokenizer, int embeddingWidth)
    {
        _lease = lease;
        _tokenizer = tokenizer;
        SequenceLength = signature.SequenceLength;
        EmbeddingWidth = embeddingWidth;
        _ids = new int[SequenceLength];
        _input = new BoundTensor(signature.InputIds, signature.InputIdsType, [1, SequenceLength]);
        _hidden = new BoundTensor(signature.Hidden, signature.HiddenType, [1, SequenceLength, embeddingWidth]);
        _binding = lease.Session.CreateIoBinding();
        _binding.BindInput(_input.Name, _input.Value);
        _binding.BindOutput(_hidden.Name, _hidden.Value);
    }

    /// <inheritdoc />
    public int SequenceLength { get; }

    /// <inheritdoc />
    public int EmbeddingWidth { get; }

    /// <summary>The tokenizer that turns prompts into ids for this encoder.</summary>
    public ClipTokenizer Tokenizer => _tokenizer;

    /// <inheritdoc />
    public void Encode(string prompt, Span<float> embeddings)
    {
        if (embeddings.Length != SequenceLength * EmbeddingWidth)
        {
            throw new ArgumentException($"The embedding buffer holds {embeddings.Length} floats; this encoder writes {SequenceLength} × {EmbeddingWidth} = {SequenceLength * EmbeddingWidth}.", nameof(embeddings));
        }

        lock (_gate)
        {
            _tokenizer.EncodePadded(prompt, _ids);
            _input.WriteInts(_ids);
            _lease.Session.RunWithBinding(_runOptions, _binding);
            _hidden.ReadFloats(embeddings);
        }
    }

    /// <summary>Releases buffers and this holder's share of the session.</summary>
    public void Dispose()
    {
        _binding.Dispose();
        _input.Dispose();
        _hidden.Dispose();
        _runOptions.Dispose();
        _lease.Dispose();
    }
}
