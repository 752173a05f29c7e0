using System.Net;
using System.Text;
using System.Text.Json;
using StreamDiffusion.Testing;

namespace StreamDiffusion.Broadcast.Tests.Api;

/// <summary>
/// <c>POST /api/v1/tokenize</c> on the real server, with the CLIP vocabulary of shared/testdata/clip placed as the
/// tokenizer/ of channel main's model folder. Expected ids are the reference vectors of ClipTokenizerTests.
/// </summary>
public sealed class TokenizeApiTests
{
    private const string Model = ", \"Model\": \"sd-test\"";
    private static readonly Uri s_tokenize = new("api/v1/tokenize", UriKind.Relative);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static string TokenizerFolder(BroadcastApplication app) => Path.Combine(app.DataRoot, "models", "sd-test", "tokenizer");

    // A copy in the temporary data root (deleted with it); the shared test data itself is only read.
    private static void PlaceTokenizer(BroadcastApplication app)
    {
        var folder = Directory.CreateDirectory(TokenizerFolder(app)).FullName;
        foreach (var file in new[] { "vocab.json", "merges.txt", "special_tokens_map.json" })
        {
            File.Copy(Path.Combine(RepoPaths.ClipTestData, file), Path.Combine(folder, file));
        }
    }

    private static async Task<JsonElement> Post(HttpClient client, HttpContent content, HttpStatusCode expected)
    {
        var response = await client.PostAsync(s_tokenize, content, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        if ((int)expected >= 400)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static int[] Ids(JsonElement result) => [.. result.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32())];

    [Fact]
    public async Task A_known_prompt_gives_the_reference_clip_ids()
    {
        await using var app = await BroadcastApplication.StartAsync(withKeys: false, extraChannelSettings: Model);
        PlaceTokenizer(app);
        using var client = app.Client();

        var cat = await Post(client, Json("""{ "text": "a photo of a cat" }"""), HttpStatusCode.OK);
        var song = await Post(client, Json("""{ "text": "don't stop believing", "channel": "main" }"""), HttpStatusCode.OK);

        Assert.Equal([49406, 320, 1125, 539, 320, 2368, 49407], Ids(cat));
        Assert.Equal(7, cat.GetProperty("count").GetInt32());
        Assert.False(cat.GetProperty("truncated").GetBoolean());
        Assert.Equal(77, cat.GetProperty("maxLength").GetInt32());
        Assert.Equal(4, cat.EnumerateObject().Count());
        Assert.Equal([49406, 847, 713, 1691, 19551, 49407], Ids(song));
    }

    [Fact]
    public async Task A_long_prompt_is_cut_to_77_with_the_truncated_flag()
    {
        await using var app = await BroadcastApplication.StartAsync(withKeys: false, extraChannelSettings: Model);
        PlaceTokenizer(app);
        using var client = app.Client();
        var prompt = string.Join(' ', Enumerable.Repeat("cat", 90));

        var result = await Post(client, Json(JsonSerializer.Serialize(new { text = prompt })), HttpStatusCode.OK);

        var ids = Ids(result);
        Assert.True(result.GetProperty("truncated").GetBoolean());
        Assert.Equal(77, result.GetProperty("count").GetInt32());
        Assert.Equal(77, ids.Length);
        Assert.Equal(49406, ids[0]);
        Assert.All(ids[1..^1], id => Assert.Equal(2368, id));
        Assert.Equal(49407, ids[^1]);
    }

    [Fact]
    public async Task A_missing_tokenizer_is_a_409_naming_folder_and_files_and_a_copied_one_is_found_next()
    {
        await using var app = await BroadcastApplication.StartAsync(withKeys: false, extraChannelSettings: Model);
        using var client = app.Client();

        var problem = await Post(client, Json("""{ "text": "a cat" }"""), HttpStatusCode.Conflict);

        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains(TokenizerFolder(app), detail, StringComparison.Ordinal);
        Assert.Contains("vocab.json and merges.txt", detail, StringComparison.Ordinal);
        Assert.Contains("docs/onnx-models.md", detail, StringComparison.Ordinal);
        Assert.Equal(["vocab.json", "merges.txt"], problem.GetProperty("missing").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("main", problem.GetProperty("channel").GetString());

        // A failed lookup is not remembered: the tokenizer copied in now is used by the next call.
        PlaceTokenizer(app);
        var result = await Post(client, Json("""{ "text": "a photo of a cat" }"""), HttpStatusCode.OK);
        Assert.Equal([49406, 320, 1125, 539, 320, 2368, 49407], Ids(result));
    }

    [Fact]
    public async Task Only_merges_missing_is_named_alone()
    {
        await using var app = await BroadcastApplication.StartAsync(withKeys: false, extraChannelSettings: Model);
        PlaceTokenizer(app);
        File.Delete(Path.Combine(TokenizerFolder(app), "merges.txt"));
        using var client = app.Client();

        var problem = await Post(client, Json("""{ "text": "a cat" }"""), HttpStatusCode.Conflict);

        Assert.Equal(["merges.txt"], problem.GetProperty("missing").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains($"{TokenizerFolder(app)} lacks merges.txt", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_channel_without_a_model_is_a_409_that_says_to_set_one()
    {
        await using var app = await BroadcastApplication.StartAsync(withKeys: false);
        using var client = app.Client();

        var problem = await Post(client, Json("""{ "text": "a cat" }"""), HttpStatusCode.Conflict);

        Assert.Contains("Channel \"main\" has no Model setting", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "text": "a cat" """, HttpStatusCode.BadRequest, null, "not valid JSON at line 1")]
    [InlineData("""[ "a cat" ]""", HttpStatusCode.BadRequest, null, "one JSON object")]
    [InlineData("""{ "prompt": "a cat" }""", HttpStatusCode.BadRequest, "text", "text: missing or not a string")]
    [InlineData("""{ "text": 42 }""", HttpStatusCode.BadRequest, "text", "text: missing or not a string")]
    [InlineData("""{ "text": "a cat", "channel": 1 }""", HttpStatusCode.BadRequest, "channel", "channel: must be a channel name")]
    [InlineData("""{ "text": "a cat", "channel": "other" }""", HttpStatusCode.NotFound, "channel", "Channels: main")]
    public async Task Bad_requests_get_a_4xx_problem_naming_the_field(string json, HttpStatusCode expected, string? field, string detail)
    {
        await using var app = await BroadcastApplication.StartAsync(withKeys: false, extraChannelSettings: Model);
        PlaceTokenizer(app);
        using var client = app.Client();

        var problem = await Post(client, Json(json), expected);

        Assert.Contains(detail, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        if (field is not null)
        {
            Assert.Equal(field, problem.GetProperty("field").GetString());
        }
    }

    [Fact]
    public async Task Text_over_4_KiB_is_refused_naming_text_and_the_limit()
    {
        await using var app = await BroadcastApplication.StartAsync(withKeys: false, extraChannelSettings: Model);
        PlaceTokenizer(app);
        using var client = app.Client();

        var problem = await Post(client, Json(JsonSerializer.Serialize(new { text = new string('a', 4097) })), HttpStatusCode.BadRequest);
        var atLimit = await Post(client, Json(JsonSerializer.Serialize(new { text = new string('a', 4096) })), HttpStatusCode.OK);

        Assert.Equal("text", problem.GetProperty("field").GetString());
        Assert.Contains("4097 bytes of UTF-8 is over the limit of 4096", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(atLimit.GetProperty("truncated").GetBoolean());
    }

    [Fact]
    public async Task It_takes_only_json_and_a_read_key_is_enough()
    {
        await using var app = await BroadcastApplication.StartAsync(withKeys: true, extraChannelSettings: Model);
        PlaceTokenizer(app);
        using var read = app.Client(app.ReadKey);
        using var anonymous = app.Client();

        await Post(read, new StringContent("""{ "text": "a cat" }""", Encoding.UTF8, "text/plain"), HttpStatusCode.UnsupportedMediaType);
        await Post(anonymous, Json("""{ "text": "a cat" }"""), HttpStatusCode.Unauthorized);
        var result = await Post(read, Json("""{ "text": "a photo of a cat" }"""), HttpStatusCode.OK);

        Assert.Equal([49406, 320, 1125, 539, 320, 2368, 49407], Ids(result));
    }
}
