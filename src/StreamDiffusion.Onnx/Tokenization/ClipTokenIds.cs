namespace StreamDiffusion.Onnx.Tokenization;

/// <summary>The token ids of one prompt as the text encoder sees them before padding: BOS … EOS, at most 77.</summary>
/// <param name="Ids">BOS, the prompt's tokens, EOS.</param>
/// <param name="Truncated">True when the prompt had more than 75 tokens and the tail was dropped (EOS is kept).</param>
public sealed record ClipTokenIds(IReadOnlyList<int> Ids, bool Truncated);
