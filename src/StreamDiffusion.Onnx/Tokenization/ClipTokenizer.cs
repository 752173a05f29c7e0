using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;
using StreamDiffusion.Onnx.Folders;

namespace StreamDiffusion.Onnx.Tokenization;

/// <summary>
/// CLIP byte-level BPE tokenizer read from a Hugging Face <c>tokenizer/</c> folder (vocab.json, merges.txt and
/// special_tokens_map.json or tokenizer_config.json), configured so Microsoft.ML.Tokenizers matches CLIP exactly
/// (research/csharp-onnx.md §4.2, configuration B).
/// </summary>
public sealed partial class ClipTokenizer
{
    /// <summary>Tokens per prompt fed to a CLIP text encoder: BOS + 75 + EOS.</summary>
    public const int SequenceLength = 77;

    /// <summary>CLIP's begin-of-text token.</summary>
    public const string BeginToken = "<|startoftext|>";

    /// <summary>CLIP's end-of-text token (also SD 1.x's pad token).</summary>
    public const string EndToken = "<|endoftext|>";

    private readonly BpeTokenizer _bpe;

    private ClipTokenizer(BpeTokenizer bpe, int beginId, int endId, string padToken, int padId, string padSource)
    {
        _bpe = bpe;
        BeginId = beginId;
        EndId = endId;
        PadToken = padToken;
        PadId = padId;
        PadSource = padSource;
    }

    /// <summary>Id of <c>&lt;|startoftext|&gt;</c> (49406 in CLIP's vocabulary).</summary>
    public int BeginId { get; }

    /// <summary>Id of <c>&lt;|endoftext|&gt;</c> (49407 in CLIP's vocabulary).</summary>
    public int EndId { get; }

    /// <summary>The pad token text: <c>&lt;|endoftext|&gt;</c> for SD 1.x, <c>!</c> for SD 2.x and sd-turbo.</summary>
    public string PadToken { get; }

    /// <summary>Id of <see cref="PadToken"/> (49407 for SD 1.x, 0 for SD 2.x).</summary>
    public int PadId { get; }

    /// <summary>Where the pad token was read, or the assumption made when no file names it (printed by <c>check</c>).</summary>
    public string PadSource { get; }

    // CLIP's pre-tokenizer (openai/CLIP simple_tokenizer.py), matched case-insensitively after lower-casing.
    [GeneratedRegex(@"<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+", RegexOptions.IgnoreCase)]
    private static partial Regex ClipPreTokenizerPattern();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    /// <summary>
    /// Loads the tokenizer in <paramref name="folder"/>. Every missing or unreadable file is reported at once in a
    /// <see cref="ModelFolderException"/> naming its path.
    /// </summary>
    public static ClipTokenizer Load(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var full = Path.GetFullPath(folder);
        if (!Directory.Exists(full))
        {
            throw new ModelFolderException(full, [
                $"The tokenizer folder '{full}' does not exist. Point --tokenizer (or the model folder) at a folder " +
                "holding vocab.json and merges.txt, such as <model>/tokenizer."]);
        }

        var problems = new List<string>();
        var vocabPath = Path.Combine(full, "vocab.json");
        var mergesPath = Path.Combine(full, "merges.txt");
        foreach (var required in new[] { vocabPath, mergesPath })
        {
            if (!File.Exists(required))
            {
                problems.Add($"'{required}' is missing: a CLIP tokenizer folder needs vocab.json and merges.txt (Hugging Face CLIPTokenizer format).");
            }
        }

        var (padToken, padSource) = ReadPadToken(full, problems);
        if (problems.Count > 0)
        {
            throw new ModelFolderException(full, problems);
        }

        var vocabulary = ReadVocabulary(vocabPath, problems);
        if (vocabulary is null)
        {
            throw new ModelFolderException(full, problems);
        }

        foreach (var special in new[] { BeginToken, EndToken, padToken })
        {
            if (!vocabulary.ContainsKey(special))
            {
                problems.Add($"'{vocabPath}' has no entry for '{special}'; a CLIP vocabulary holds <|startoftext|>, <|endoftext|> and the pad token.");
            }
        }

        if (problems.Count > 0)
        {
            throw new ModelFolderException(full, problems);
        }

        var beginId = vocabulary[BeginToken];
        var endId = vocabulary[EndToken];
        var specialTokens = new Dictionary<string, int>(StringComparer.Ordinal) { [BeginToken] = beginId, [EndToken] = endId };
        BpeTokenizer bpe;
        try
        {
            bpe = BpeTokenizer.Create(new BpeOptions(vocabPath, mergesPath)
            {
                PreTokenizer = new RegexPreTokenizer(ClipPreTokenizerPattern(), specialTokens),
                Normalizer = new LowerCaseNormalizer(),
                SpecialTokens = specialTokens,
                UnknownToken = EndToken,
                EndOfWordSuffix = "</w>",
                ByteLevel = true,
                BeginningOfSentenceToken = BeginToken,
                EndOfSentenceToken = EndToken,
            });
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException or IOException or JsonException)
        {
            throw new ModelFolderException(full, [$"'{mergesPath}' or '{vocabPath}' could not be read as a BPE tokenizer: {e.Message}"]);
        }

        return new ClipTokenizer(bpe, beginId, endId, padToken, vocabulary[padToken], padSource);
    }

    /// <summary>Token ids of <paramref name="prompt"/>: BOS, at most 75 tokens, EOS (not padded).</summary>
    public ClipTokenIds Tokenize(string prompt)
    {
        ArgumentNullException.ThrowIfNull(prompt);

        // CLIP collapses whitespace runs and strips the ends before splitting (simple_tokenizer.whitespace_clean).
        var cleaned = Whitespace().Replace(prompt, " ").Trim();
        var ids = _bpe.EncodeToIds(cleaned);
        if (ids.Count <= SequenceLength)
        {
            return new ClipTokenIds([.. ids], Truncated: false);
        }

        // Hugging Face truncates the id list (it may cut inside a word) and keeps EOS last.
        var truncated = new int[SequenceLength];
        for (var i = 0; i < SequenceLength - 1; i++)
        {
            truncated[i] = ids[i];
        }

        truncated[SequenceLength - 1] = EndId;
        return new ClipTokenIds(truncated, Truncated: true);
    }

    /// <summary>Writes the 77 ids the text encoder takes: <see cref="Tokenize"/> padded with <see cref="PadId"/>.</summary>
    public void EncodePadded(string prompt, Span<int> ids)
    {
        if (ids.Length != SequenceLength)
        {
            throw new ArgumentException($"The id buffer holds {ids.Length} ids; a CLIP text encoder takes exactly {SequenceLength}.", nameof(ids));
        }

        var tokens = Tokenize(prompt).Ids;
        ids.Fill(PadId);
        for (var i = 0; i < tokens.Count; i++)
        {
            ids[i] = tokens[i];
        }
    }

    private static Dictionary<string, int>? ReadVocabulary(string vocabPath, List<string> problems)
    {
        try
        {
            using var stream = File.OpenRead(vocabPath);
            var vocabulary = JsonSerializer.Deserialize<Dictionary<string, int>>(stream);
            if (vocabulary is null || vocabulary.Count == 0)
            {
                problems.Add($"'{vocabPath}' holds no vocabulary; expected a JSON object of token → id.");
                return null;
            }

            return vocabulary;
        }
        catch (JsonException e)
        {
            problems.Add($"'{vocabPath}' is not a JSON object of token → id: {e.Message}");
            return null;
        }
    }

    // The pad token decides what SD 2.x (pad "!", id 0) and SD 1.x (pad <|endoftext|>) see after the prompt.
    private static (string Token, string Source) ReadPadToken(string folder, List<string> problems)
    {
        foreach (var name in new[] { "special_tokens_map.json", "tokenizer_config.json" })
        {
            var path = Path.Combine(folder, name);
            if (!File.Exists(path))
            {
                continue;
            }

            try
            {
                using var document = JsonDocument.Parse(File.ReadAllBytes(path));
                if (document.RootElement.ValueKind != JsonValueKind.Object ||
                    !document.RootElement.TryGetProperty("pad_token", out var pad))
                {
                    continue;
                }

                switch (pad.ValueKind)
                {
                    case JsonValueKind.String when !string.IsNullOrEmpty(pad.GetString()):
                        return (pad.GetString()!, path);
                    case JsonValueKind.Object when pad.TryGetProperty("content", out var content) &&
                                                   content.ValueKind == JsonValueKind.String &&
                                                   !string.IsNullOrEmpty(content.GetString()):
                        return (content.GetString()!, path);
                    case JsonValueKind.Null:
                        continue;
                    default:
                        problems.Add($"'{path}': pad_token must be a string or an object with a \"content\" string, found {pad.ValueKind}.");
                        return (EndToken, path);
                }
            }
            catch (JsonException e)
            {
                problems.Add($"'{path}' is not valid JSON: {e.Message}");
                return (EndToken, path);
            }
        }

        return (EndToken, "assumed <|endoftext|> (the CLIPTokenizer default): neither special_tokens_map.json nor tokenizer_config.json names a pad_token");
    }
}
