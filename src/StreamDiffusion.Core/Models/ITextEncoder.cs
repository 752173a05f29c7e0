namespace StreamDiffusion.Core.Models;

/// <summary>
/// Turns a prompt into text embeddings <c>[SequenceLength, EmbeddingWidth]</c> in fp32, tokenizing it as the model's own
/// tokenizer does. Called off the inference thread (prompt changes are encoded ahead), never per frame.
/// </summary>
public interface ITextEncoder
{
    /// <summary>Tokens per prompt, 77 for CLIP.</summary>
    int SequenceLength { get; }

    /// <summary>Width of one token embedding: 768 (SD 1.x) or 1024 (SD 2.x, sd-turbo).</summary>
    int EmbeddingWidth { get; }

    /// <summary>Encodes <paramref name="prompt"/> into <paramref name="embeddings"/> (length SequenceLength × EmbeddingWidth).</summary>
    void Encode(string prompt, Span<float> embeddings);
}
