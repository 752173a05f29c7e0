using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using StreamDiffusion.Onnx.Folders;
using StreamDiffusion.Onnx.Tokenization;

namespace StreamDiffusion.Broadcast.Api;

/// <summary>
/// CLIP tokenizers of the channels' model folders for <c>POST /api/v1/tokenize</c>, loaded on first use and kept
/// while their files stay as they were: a load parses about 49,000 vocabulary entries and as many merges, far more
/// work than tokenizing a prompt. A folder whose files change (a model replaced in place) is loaded again; a failed
/// load is not kept, so a tokenizer copied in after a 409 is found on the next call.
/// </summary>
public sealed class ChannelTokenizers
{
    /// <summary>The files a CLIP tokenizer folder must hold (docs/onnx-models.md).</summary>
    public static readonly IReadOnlyList<string> RequiredFiles = ["vocab.json", "merges.txt"];

    // The pad token is read from one of these; a change to them changes the padded ids, so they are part of the stamp.
    private static readonly string[] s_stampedFiles = ["vocab.json", "merges.txt", "special_tokens_map.json", "tokenizer_config.json"];

    private readonly ConcurrentDictionary<string, Entry> _loaded = new(StringComparer.Ordinal);

    /// <summary>The tokenizer folder of a model folder, as <see cref="ModelFolder"/> reads it.</summary>
    public static string TokenizerFolderOf(string modelFolder) => Path.Combine(modelFolder, "tokenizer");

    /// <summary>
    /// The tokenizer in <paramref name="tokenizerFolder"/>, loaded at most once per version of its files; concurrent
    /// first calls share one load.
    /// </summary>
    /// <exception cref="ModelFolderException">The folder cannot be used; its problems name each file and the fix.</exception>
    public ClipTokenizer Get(string tokenizerFolder)
    {
        var folder = Path.GetFullPath(tokenizerFolder);
        var stamp = Stamp(folder);
        var entry = _loaded.AddOrUpdate(
            folder,
            static (key, stamp) => new Entry(stamp, new Lazy<ClipTokenizer>(() => ClipTokenizer.Load(key))),
            static (key, existing, stamp) => existing.Stamp == stamp ? existing : new Entry(stamp, new Lazy<ClipTokenizer>(() => ClipTokenizer.Load(key))),
            stamp);
        try
        {
            return entry.Tokenizer.Value;
        }
        catch (ModelFolderException)
        {
            // Lazy keeps the exception; drop the entry so the next call looks at the folder again.
            _loaded.TryRemove(KeyValuePair.Create(folder, entry));
            throw;
        }
    }

    // Size and write time of each file (or its absence): cheap to read on every call, and any copy or edit changes it.
    private static string Stamp(string folder)
    {
        var stamp = new StringBuilder();
        foreach (var name in s_stampedFiles)
        {
            var file = new FileInfo(Path.Combine(folder, name));
            stamp.Append(file.Exists
                ? string.Create(CultureInfo.InvariantCulture, $"{file.Length}@{file.LastWriteTimeUtc.Ticks};")
                : "-;");
        }

        return stamp.ToString();
    }

    private sealed record Entry(string Stamp, Lazy<ClipTokenizer> Tokenizer);
}
