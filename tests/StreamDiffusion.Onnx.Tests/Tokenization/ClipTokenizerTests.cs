using StreamDiffusion.Onnx.Folders;
using StreamDiffusion.Onnx.Tokenization;
using StreamDiffusion.Testing;

namespace StreamDiffusion.Onnx.Tests.Tokenization;

/// <summary>The CLIP tokenizer against the reference vectors of research/csharp-onnx.md §4.2 (SD 1.x test data).</summary>
public sealed class ClipTokenizerTests
{
    private static readonly Lazy<ClipTokenizer> s_sd1 = new(() => ClipTokenizer.Load(RepoPaths.ClipTestData));

    public static TheoryData<string, int[]> ReferenceVectors => new()
    {
        { "a photo of a cat", [49406, 320, 1125, 539, 320, 2368, 49407] },
        { "A Photo Of A CAT, highly detailed, 4k", [49406, 320, 1125, 539, 320, 2368, 267, 5302, 12609, 267, 275, 330, 49407] },
        { "don't stop believing", [49406, 847, 713, 1691, 19551, 49407] },
        { "an astronaut riding a horse on mars, trending on artstation", [49406, 550, 18376, 6765, 320, 4558, 525, 7496, 267, 6087, 525, 1486, 2631, 49407] },
    };

    [Theory]
    [MemberData(nameof(ReferenceVectors))]
    public void Prompt_gives_the_reference_clip_ids(string prompt, int[] expected)
    {
        var tokens = s_sd1.Value.Tokenize(prompt);

        Assert.Equal(expected, tokens.Ids);
        Assert.False(tokens.Truncated);
    }

    [Fact]
    public void Sd1_folder_pads_with_endoftext()
    {
        var tokenizer = s_sd1.Value;
        var ids = new int[ClipTokenizer.SequenceLength];

        tokenizer.EncodePadded("a photo of a cat", ids);

        Assert.Equal(49407, tokenizer.PadId);
        Assert.Equal([49406, 320, 1125, 539, 320, 2368, 49407], ids[..7]);
        Assert.All(ids[7..], id => Assert.Equal(49407, id));
    }

    [Fact]
    public void Emoji_and_accents_never_become_endoftext_inside_the_prompt()
    {
        var ids = s_sd1.Value.Tokenize("café crème brûlée 🎨 cyberpunk_city 1024x768").Ids;

        Assert.Equal(49406, ids[0]);
        Assert.Equal(49407, ids[^1]);
        Assert.DoesNotContain(49407, ids.Take(ids.Count - 1));
    }

    [Fact]
    public void Long_prompt_is_cut_to_77_keeping_eos_last()
    {
        var prompt = string.Join(' ', Enumerable.Repeat("cat", 100));

        var tokens = s_sd1.Value.Tokenize(prompt);

        Assert.True(tokens.Truncated);
        Assert.Equal(ClipTokenizer.SequenceLength, tokens.Ids.Count);
        Assert.Equal(49406, tokens.Ids[0]);
        Assert.Equal(49407, tokens.Ids[^1]);
        Assert.All(tokens.Ids.Skip(1).Take(75), id => Assert.Equal(2368, id));
    }

    [Fact]
    public void Prompt_of_exactly_75_tokens_is_not_truncated()
    {
        var prompt = string.Join(' ', Enumerable.Repeat("cat", 75));

        var tokens = s_sd1.Value.Tokenize(prompt);

        Assert.False(tokens.Truncated);
        Assert.Equal(77, tokens.Ids.Count);
    }

    [Fact]
    public void Sd2_folder_with_pad_as_object_pads_with_exclamation_id_0()
    {
        using var folder = Sd2StyleFolder("special_tokens_map.json", """{"pad_token":{"content":"!","lstrip":false,"normalized":false,"rstrip":false,"single_word":false}}""");
        var tokenizer = ClipTokenizer.Load(folder.Path);
        var ids = new int[ClipTokenizer.SequenceLength];

        tokenizer.EncodePadded("a photo of a cat", ids);

        Assert.Equal("!", tokenizer.PadToken);
        Assert.Equal(0, tokenizer.PadId);
        Assert.Equal([49406, 320, 1125, 539, 320, 2368, 49407], ids[..7]);
        Assert.All(ids[7..], id => Assert.Equal(0, id));
    }

    [Fact]
    public void Pad_token_is_read_from_tokenizer_config_when_the_map_lacks_it()
    {
        using var folder = Sd2StyleFolder("tokenizer_config.json", """{"model_max_length":77,"pad_token":"!"}""");

        var tokenizer = ClipTokenizer.Load(folder.Path);

        Assert.Equal(0, tokenizer.PadId);
        Assert.EndsWith("tokenizer_config.json", tokenizer.PadSource, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_folder_is_named_in_the_error()
    {
        var missing = Path.Combine(Path.GetTempPath(), "sdb-no-such-tokenizer-" + Guid.NewGuid().ToString("N"));

        var error = Assert.Throws<ModelFolderException>(() => ClipTokenizer.Load(missing));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_missing_file_is_reported_at_once()
    {
        using var folder = new TempFolder("tok-empty");

        var error = Assert.Throws<ModelFolderException>(() => ClipTokenizer.Load(folder.Path));

        Assert.Equal(2, error.Problems.Count);
        Assert.Contains(folder.Combine("vocab.json"), error.Message, StringComparison.Ordinal);
        Assert.Contains(folder.Combine("merges.txt"), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Pad_token_of_the_wrong_json_kind_is_reported_with_its_file()
    {
        using var folder = Sd2StyleFolder("special_tokens_map.json", """{"pad_token":42}""");

        var error = Assert.Throws<ModelFolderException>(() => ClipTokenizer.Load(folder.Path));

        Assert.Contains(folder.Combine("special_tokens_map.json"), error.Message, StringComparison.Ordinal);
        Assert.Contains("pad_token", error.Message, StringComparison.Ordinal);
    }

    // The SD 2.x / sd-turbo tokenizer shares CLIP's vocabulary and merges; only its pad token differs.
    private static TempFolder Sd2StyleFolder(string padFile, string padJson)
    {
        var folder = new TempFolder("tok-sd2");
        File.Copy(Path.Combine(RepoPaths.ClipTestData, "vocab.json"), folder.Combine("vocab.json"));
        File.Copy(Path.Combine(RepoPaths.ClipTestData, "merges.txt"), folder.Combine("merges.txt"));
        File.WriteAllText(folder.Combine(padFile), padJson);
        return folder;
    }
}
