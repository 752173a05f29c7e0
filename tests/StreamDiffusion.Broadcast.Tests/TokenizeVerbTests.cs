using System.Text.Json;
using StreamDiffusion.Testing;

namespace StreamDiffusion.Broadcast.Tests;

/// <summary><c>sdbroadcast tokenize</c> in process, over the CLIP test vocabulary in shared/testdata/clip.</summary>
public sealed class TokenizeVerbTests
{
    private static (int ExitCode, string Output, string Error) Run(params string[] args) => InProcessCli.Run(args);

    [Fact]
    public void Prints_the_ids_bos_to_eos()
    {
        var (exitCode, output, error) = Run("tokenize", "--tokenizer", RepoPaths.ClipTestData, "a photo of a cat");

        Assert.Equal(0, exitCode);
        Assert.Equal("49406 320 1125 539 320 2368 49407", output.Trim());
        Assert.Equal("", error);
    }

    [Fact]
    public void Json_prints_exactly_one_object()
    {
        var (exitCode, output, _) = Run("tokenize", "--tokenizer", RepoPaths.ClipTestData, "--json", "don't stop believing");

        Assert.Equal(0, exitCode);
        using var document = JsonDocument.Parse(output);
        var root = document.RootElement;
        Assert.Equal(3, root.EnumerateObject().Count());
        Assert.Equal([49406, 847, 713, 1691, 19551, 49407], root.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(6, root.GetProperty("count").GetInt32());
        Assert.False(root.GetProperty("truncated").GetBoolean());
        Assert.Single(output.Trim().Split('\n'));
    }

    [Fact]
    public void Json_reports_truncation_at_77_without_padding()
    {
        var prompt = string.Join(' ', Enumerable.Repeat("cat", 90));

        var (exitCode, output, _) = Run("tokenize", "--tokenizer", RepoPaths.ClipTestData, "--json", prompt);

        Assert.Equal(0, exitCode);
        using var document = JsonDocument.Parse(output);
        var ids = document.RootElement.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        Assert.Equal(77, ids.Length);
        Assert.Equal(77, document.RootElement.GetProperty("count").GetInt32());
        Assert.True(document.RootElement.GetProperty("truncated").GetBoolean());
        Assert.Equal(49407, ids[^1]);
    }

    [Fact]
    public void Missing_folder_fails_and_names_it()
    {
        var missing = Path.Combine(Path.GetTempPath(), "sdb-missing-tokenizer-" + Guid.NewGuid().ToString("N"));

        var (exitCode, output, error) = Run("tokenize", "--tokenizer", missing, "a cat");

        Assert.Equal(1, exitCode);
        Assert.Equal("", output);
        Assert.Contains(missing, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_merges_file_fails_and_names_it()
    {
        var folder = Path.Combine(Path.GetTempPath(), "sdb-tokenizer-no-merges-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            File.Copy(Path.Combine(RepoPaths.ClipTestData, "vocab.json"), Path.Combine(folder, "vocab.json"));

            var (exitCode, _, error) = Run("tokenize", "--tokenizer", folder, "a cat");

            Assert.Equal(1, exitCode);
            Assert.Contains(Path.Combine(folder, "merges.txt"), error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Without_tokenizer_option_it_is_a_usage_error()
    {
        var (exitCode, _, error) = Run("tokenize", "a cat");

        Assert.Equal(2, exitCode);
        Assert.Contains("--tokenizer", error, StringComparison.Ordinal);
    }
}
