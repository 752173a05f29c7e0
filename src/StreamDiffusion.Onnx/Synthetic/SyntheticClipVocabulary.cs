using System.Text;
using System.Text.Json;

namespace StreamDiffusion.Onnx.Synthetic;

/// <summary>
/// Writes a minimal CLIP-format tokenizer folder with no merges: the 256 byte symbols in GPT-2 byte-to-unicode order
/// (so "!" is id 0, as in CLIP), the same with <c>&lt;/w&gt;</c>, then BOS and EOS. Every character becomes its own
/// token; enough for demos and tests that must not depend on the real CLIP vocabulary.
/// </summary>
public static class SyntheticClipVocabulary
{
    /// <summary>Writes vocab.json, merges.txt and special_tokens_map.json (pad token <paramref name="padToken"/>) into <paramref name="folder"/>.</summary>
    public static void Write(string folder, string padToken)
    {
        ArgumentNullException.ThrowIfNull(padToken);
        Directory.CreateDirectory(folder);
        var symbols = ByteSymbols();
        var vocabulary = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var symbol in symbols)
        {
            vocabulary[symbol] = vocabulary.Count;
        }

        foreach (var symbol in symbols)
        {
            vocabulary[symbol + "</w>"] = vocabulary.Count;
        }

        vocabulary["<|startoftext|>"] = vocabulary.Count;
        vocabulary["<|endoftext|>"] = vocabulary.Count;
        File.WriteAllText(Path.Combine(folder, "vocab.json"), JsonSerializer.Serialize(vocabulary));
        File.WriteAllText(Path.Combine(folder, "merges.txt"), "#version: 0.2\n");
        var padJson = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["bos_token"] = "<|startoftext|>",
            ["eos_token"] = "<|endoftext|>",
            ["unk_token"] = "<|endoftext|>",
            ["pad_token"] = new Dictionary<string, object> { ["content"] = padToken, ["normalized"] = false },
        });
        File.WriteAllText(Path.Combine(folder, "special_tokens_map.json"), padJson);
    }

    // GPT-2's reversible byte → printable character table: printable Latin-1 bytes map to themselves (in byte
    // order, starting at '!'), the others to U+0100 upwards.
    private static List<string> ByteSymbols()
    {
        var printable = new List<int>();
        for (var b = '!'; b <= '~'; b++)
        {
            printable.Add(b);
        }

        for (var b = '¡'; b <= '¬'; b++)
        {
            printable.Add(b);
        }

        for (var b = '®'; b <= 'ÿ'; b++)
        {
            printable.Add(b);
        }

        var symbols = printable.Select(b => ((char)b).ToString()).ToList();
        var next = 0;
        for (var b = 0; b < 256; b++)
        {
            if (!printable.Contains(b))
            {
                symbols.Add(((char)(256 + next++)).ToString());
            }
        }

        return symbols;
    }
}
