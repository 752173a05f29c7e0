using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace StreamDiffusion.Broadcast.Tests.Api;

/// <summary>
/// Live parameters, cue/take and hold over HTTP on the real server. The channel runs without a model here, so changes
/// are remembered (pending) and the validation is the same as with one.
/// </summary>
public sealed class ChannelControlApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JsonElement> Send(HttpClient client, HttpMethod method, string path, string? json, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative))
        {
            Content = method == HttpMethod.Get ? null : new StringContent(json ?? "", Encoding.UTF8, "application/json"),
        };
        var response = await client.SendAsync(request, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == expected, $"{method} {path}: expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        if ((int)expected >= 400)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }

    private static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];

    [Fact]
    public async Task Live_parameters_change_field_by_field_report_structural_and_blended_and_read_back()
    {
        await using var app = await BroadcastApplication.StartAsync(withKeys: true);
        using var control = app.Client(app.ControlKey);
        using var read = app.Client(app.ReadKey);

        var first = await Send(control, HttpMethod.Patch, "api/v1/channels/main/parameters",
            """{ "prompt": "an ink drawing", "guidanceScale": 1.4, "tIndexList": [22, 32, 45], "similarityFilter": { "enabled": true } }""", HttpStatusCode.OK);

        Assert.Equal(["prompt", "guidanceScale", "similarityFilter"], Strings(first.GetProperty("blended")));
        Assert.Equal(["tIndexList"], Strings(first.GetProperty("structural")));
        Assert.True(first.GetProperty("pending").GetBoolean()); // no model: remembered for when one runs
        Assert.Equal(1.4f, first.GetProperty("parameters").GetProperty("guidanceScale").GetSingle());

        var second = await Send(control, HttpMethod.Patch, "api/v1/channels/main/parameters",
            """{ "seed": 7, "strength": 0.5, "transition": { "kind": "cut" } }""", HttpStatusCode.OK);
        Assert.Equal(["strength", "seed"], Strings(second.GetProperty("blended")));
        Assert.Empty(second.GetProperty("structural").EnumerateArray());
        var parameters = second.GetProperty("parameters");
        Assert.Equal("an ink drawing", parameters.GetProperty("prompt").GetString()); // fields left out stay
        Assert.Equal(3, parameters.GetProperty("tIndexList").GetArrayLength()); // strength maps onto the step count in force
        Assert.True(parameters.GetProperty("similarityFilter").GetProperty("enabled").GetBoolean());

        var readBack = await read.GetFromJsonAsync<JsonElement>("api/v1/channels/main/parameters", Ct);
        Assert.Equal(["prompt", "guidanceScale", "tIndexList", "seed", "similarityFilter"], Strings(readBack.GetProperty("live"))); // strength as the steps it chose
        Assert.Equal(7, readBack.GetProperty("parameters").GetProperty("seed").GetInt64());
        var channel = await read.GetFromJsonAsync<JsonElement>("api/v1/channels/main", Ct);
        Assert.Equal("an ink drawing", channel.GetProperty("parameters").GetProperty("prompt").GetString());
        Assert.Equal("an ink drawing", channel.GetProperty("prompt").GetString());
        Assert.Equal("self", channel.GetProperty("parameters").GetProperty("guidanceMode").GetString());
    }

    [Theory]
    [InlineData("""{ "guidanceScale": 25 }""", "guidanceScale", "use a number in [0, 20]")]
    [InlineData("""{ "delta": 1.5 }""", "delta", "use a number in [0, 1]")]
    [InlineData("""{ "delta": "high" }""", "delta", "expected a number")]
    [InlineData("""{ "seed": -3 }""", "seed", "use a whole number in [0, 2147483647]")]
    [InlineData("""{ "tIndexList": [45, 32] }""", "tIndexList[1]", "strictly ascending")]
    [InlineData("""{ "tIndexList": [1, 2, 3, 4, 5] }""", "tIndexList", "has 5 entries")]
    [InlineData("""{ "tIndexList": [32, 45], "strength": 0.5 }""", "strength", "not both")]
    [InlineData("""{ "strength": 2 }""", "strength", "use a number in [0, 1]")]
    [InlineData("""{ "guidanceMode": "half" }""", "guidanceMode", "\"none\", \"full\", \"self\", \"initialize\"")]
    [InlineData("""{ "prompt": "" }""", "prompt", "the prompt is empty")]
    [InlineData("""{ "prompt": 3 }""", "prompt", "expected a string")]
    [InlineData("""{ "similarityFilter": { "threshold": 1.5 } }""", "similarityFilter.threshold", "[0, 1)")]
    [InlineData("""{ "similarityFilter": { "treshold": 0.9 } }""", "similarityFilter.treshold", "unknown field")]
    [InlineData("""{ "promt": "a dog" }""", "promt", "unknown field")]
    [InlineData("""{ "prompt": "a dog", "transition": { "seconds": 99 } }""", "transition.seconds", "use a number in [0, 60]")]
    [InlineData("""{ "prompt": "a dog", "transition": { "kind": "wipe" } }""", "transition.kind", "\"cut\", \"blend\"")]
    [InlineData("""{ "prompt": "a dog" """, null, "not valid JSON at line 1")]
    [InlineData("""[ "a dog" ]""", null, "one JSON object")]
    public async Task Bad_parameter_requests_get_a_400_problem_naming_the_field_and_change_nothing(string json, string? field, string detail)
    {
        await using var app = await BroadcastApplication.StartAsync(withKeys: true);
        using var client = app.Client(app.ControlKey);

        var problem = await Send(client, HttpMethod.Patch, "api/v1/channels/main/parameters", json, HttpStatusCode.BadRequest);

        Assert.Contains(detail, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        if (field is not null)
        {
            Assert.Equal(field, problem.GetProperty("field").GetString());
            Assert.StartsWith($"{field}: ", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        var after = await client.GetFromJsonAsync<JsonElement>("api/v1/channels/main/parameters", Ct);
        Assert.Empty(after.GetProperty("live").EnumerateArray());
        Assert.Equal(1.2f, after.GetProperty("parameters").GetProperty("guidanceScale").GetSingle());
    }

    [Fact]
    public async Task A_preset_is_cued_by_id_or_slot_then_taken_and_a_take_with_nothing_cued_is_409()
    {
        await using var app = await BroadcastApplication.StartAsync(withKeys: true);
        using var client = app.Client(app.ControlKey);

        var cued = await Send(client, HttpMethod.Post, "api/v1/channels/main/cue", """{ "preset": "neon" }""", HttpStatusCode.OK);
        Assert.Equal("neon", cued.GetProperty("cued").GetProperty("preset").GetString());
        Assert.Equal(2.0, cued.GetProperty("cued").GetProperty("transition").GetProperty("seconds").GetDouble()); // the preset's own
        Assert.Equal("", cued.GetProperty("preset").GetString()); // cued, not yet on air

        var taken = await Send(client, HttpMethod.Post, "api/v1/channels/main/take", null, HttpStatusCode.OK);
        Assert.Equal("neon", taken.GetProperty("preset").GetString());
        Assert.Contains("prompt", Strings(taken.GetProperty("blended")));
        var channel = await client.GetFromJsonAsync<JsonElement>("api/v1/channels/main", Ct);
        Assert.Equal(("neon", JsonValueKind.Null), (channel.GetProperty("preset").GetString(), channel.GetProperty("cued").ValueKind));

        var nothing = await Send(client, HttpMethod.Post, "api/v1/channels/main/take", "{}", HttpStatusCode.Conflict);
        Assert.Contains("Nothing is cued on channel main", nothing.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var bySlot = await Send(client, HttpMethod.Post, "api/v1/channels/main/cue", """{ "preset": 1, "transition": { "kind": "cut" } }""", HttpStatusCode.OK);
        Assert.Equal(("default", "cut", 0.0), (
            bySlot.GetProperty("cued").GetProperty("preset").GetString(),
            bySlot.GetProperty("cued").GetProperty("transition").GetProperty("kind").GetString(),
            bySlot.GetProperty("cued").GetProperty("transition").GetProperty("seconds").GetDouble()));
        var takenWithBlend = await Send(client, HttpMethod.Post, "api/v1/channels/main/take", """{ "transition": { "kind": "blend", "seconds": 3 } }""", HttpStatusCode.OK);
        Assert.Equal("default", takenWithBlend.GetProperty("preset").GetString());

        // What `curl -X POST -H "Content-Type: application/json" …/take` sends: no body and no Content-Length.
        await Send(client, HttpMethod.Post, "api/v1/channels/main/cue", """{ "preset": "neon" }""", HttpStatusCode.OK);
        using var bare = new HttpRequestMessage(HttpMethod.Post, "api/v1/channels/main/take") { Content = new StreamContent(Stream.Null) };
        bare.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        bare.Headers.TransferEncodingChunked = true;
        using var answer = await client.SendAsync(bare, Ct);
        Assert.True(answer.StatusCode == HttpStatusCode.OK, await answer.Content.ReadAsStringAsync(Ct));
    }

    [Theory]
    [InlineData("cue", """{ "preset": "nosuch" }""", HttpStatusCode.NotFound, "preset", "default (slot 1), neon (slot 2)")]
    [InlineData("cue", """{ "preset": 42 }""", HttpStatusCode.NotFound, "preset", "No preset 42")]
    [InlineData("cue", """{ }""", HttpStatusCode.BadRequest, "preset", "missing")]
    [InlineData("cue", """{ "preset": "neon", "transition": { "seconds": -1 } }""", HttpStatusCode.BadRequest, "transition.seconds", "[0, 60]")]
    [InlineData("cue", """{ "preset": "neon", "transiton": { } }""", HttpStatusCode.BadRequest, "transiton", "unknown field")]
    [InlineData("take", """{ "transition": "cut" }""", HttpStatusCode.BadRequest, "transition", "expected an object")]
    [InlineData("hold", """{ "enabled": 1 }""", HttpStatusCode.BadRequest, "enabled", "must be true")]
    [InlineData("hold", """{ }""", HttpStatusCode.BadRequest, "enabled", "must be true")]
    public async Task Bad_cue_take_and_hold_requests_get_a_4xx_problem_naming_the_field(string action, string json, HttpStatusCode expected, string field, string detail)
    {
        await using var app = await BroadcastApplication.StartAsync(withKeys: true);
        using var client = app.Client(app.ControlKey);

        var problem = await Send(client, HttpMethod.Post, $"api/v1/channels/main/{action}", json, expected);

        Assert.Equal(field, problem.GetProperty("field").GetString());
        Assert.Contains(detail, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hold_is_switched_and_reported()
    {
        await using var app = await BroadcastApplication.StartAsync(withKeys: true);
        using var client = app.Client(app.ControlKey);

        Assert.True((await Send(client, HttpMethod.Post, "api/v1/channels/main/hold", """{ "enabled": true }""", HttpStatusCode.OK)).GetProperty("hold").GetBoolean());
        Assert.True((await client.GetFromJsonAsync<JsonElement>("api/v1/channels/main", Ct)).GetProperty("hold").GetBoolean());
        Assert.False((await Send(client, HttpMethod.Post, "api/v1/channels/main/hold", """{ "enabled": false }""", HttpStatusCode.OK)).GetProperty("hold").GetBoolean());
    }

    [Fact]
    public async Task Control_calls_need_control_scope_and_a_known_channel()
    {
        await using var app = await BroadcastApplication.StartAsync(withKeys: true);
        using var control = app.Client(app.ControlKey);
        using var read = app.Client(app.ReadKey);
        using var anonymous = app.Client();
        (HttpMethod Method, string Action, string Json)[] calls =
        [
            (HttpMethod.Patch, "parameters", """{ "prompt": "a dog" }"""),
            (HttpMethod.Post, "cue", """{ "preset": "neon" }"""),
            (HttpMethod.Post, "take", "{}"),
            (HttpMethod.Post, "hold", """{ "enabled": true }"""),
        ];

        foreach (var (method, action, json) in calls)
        {
            await Send(read, method, $"api/v1/channels/main/{action}", json, HttpStatusCode.Forbidden);
            await Send(anonymous, method, $"api/v1/channels/main/{action}", json, HttpStatusCode.Unauthorized);
            var unknown = await Send(control, method, $"api/v1/channels/other/{action}", json, HttpStatusCode.NotFound);
            Assert.Contains("Channels: main", unknown.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        // Nothing above reached the channel.
        var channel = await read.GetFromJsonAsync<JsonElement>("api/v1/channels/main", Ct);
        Assert.Equal(("", false, JsonValueKind.Null), (channel.GetProperty("parameters").GetProperty("prompt").GetString(), channel.GetProperty("hold").GetBoolean(), channel.GetProperty("cued").ValueKind));
        await Send(anonymous, HttpMethod.Get, "api/v1/channels/main/parameters", null, HttpStatusCode.Unauthorized);
        var missing = await Send(read, HttpMethod.Get, "api/v1/channels/other/parameters", null, HttpStatusCode.NotFound);
        Assert.Equal("other", missing.GetProperty("channel").GetString());
    }
}
