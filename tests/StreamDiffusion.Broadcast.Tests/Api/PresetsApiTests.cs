using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace StreamDiffusion.Broadcast.Tests.Api;

public sealed class PresetsApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> Problem(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    [Fact]
    public async Task Presets_are_listed_and_read_by_id()
    {
        await using var app = await BroadcastApplication.StartAsync(withKeys: true);
        using var client = app.Client(app.ReadKey);

        var list = await client.GetFromJsonAsync<JsonElement>("api/v1/presets", Ct);
        Assert.Equal(["default", "neon"], list.EnumerateArray().Select(e => e.GetProperty("id").GetString()));
        Assert.All(list.EnumerateArray(), e => Assert.Equal("ok", e.GetProperty("status").GetString()));

        var neon = await client.GetFromJsonAsync<JsonElement>("api/v1/presets/neon", Ct);
        Assert.Equal(2, neon.GetProperty("slot").GetInt32());
        Assert.Equal("slerp", neon.GetProperty("transition").GetProperty("curve").GetString());

        var missing = await Problem(await client.GetAsync(new Uri("api/v1/presets/nosuch", UriKind.Relative), Ct), HttpStatusCode.NotFound);
        Assert.Contains("default, neon", missing.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("nosuch", missing.GetProperty("preset").GetString());
    }

    [Fact]
    public async Task A_control_key_writes_a_preset_that_is_then_in_force()
    {
        await using var app = await BroadcastApplication.StartAsync(withKeys: true);
        using var client = app.Client(app.ControlKey);

        var response = await client.PutAsync(new Uri("api/v1/presets/sunset", UriKind.Relative),
            Json("""{ "schemaVersion": 1, "prompt": "golden hour", "slot": 7 }"""), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = await client.GetFromJsonAsync<JsonElement>("api/v1/presets/sunset", Ct);
        Assert.Equal("golden hour", stored.GetProperty("prompt").GetString());
        Assert.True(File.Exists(Path.Combine(app.DataRoot, "presets", "sunset.json")));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(app.DataRoot, "presets"), "*.tmp"));
    }

    [Fact]
    public async Task An_invalid_preset_is_refused_with_every_field_and_nothing_is_written()
    {
        await using var app = await BroadcastApplication.StartAsync(withKeys: true);
        using var client = app.Client(app.ControlKey);

        var problem = await Problem(await client.PutAsync(new Uri("api/v1/presets/default", UriKind.Relative),
            Json("{ \"schemaVersion\": 1,\n \"prompt\": \"x\",\n \"guidanceScale\": 99,\n \"seed\": \"two\" }"), Ct), HttpStatusCode.UnprocessableEntity);

        var problems = problem.GetProperty("problems").EnumerateArray().ToArray();
        Assert.Equal(["guidanceScale", "seed"], problems.Select(p => p.GetProperty("field").GetString()));
        Assert.Equal([3, 4], problems.Select(p => p.GetProperty("line").GetInt32()));
        var kept = await client.GetFromJsonAsync<JsonElement>("api/v1/presets/default", Ct);
        Assert.Equal(1.2f, kept.GetProperty("guidanceScale").GetSingle());
    }

    [Theory]
    [InlineData("{ not json", HttpStatusCode.UnprocessableEntity, "not valid JSON")]
    [InlineData("", HttpStatusCode.UnprocessableEntity, "not valid JSON")]
    public async Task Malformed_bodies_get_a_4xx_problem(string body, HttpStatusCode expected, string detail)
    {
        await using var app = await BroadcastApplication.StartAsync(withKeys: true);
        using var client = app.Client(app.ControlKey);

        var problem = await Problem(await client.PutAsync(new Uri("api/v1/presets/x", UriKind.Relative), Json(body), Ct), expected);

        Assert.Contains(detail, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_preset_id_is_refused()
    {
        await using var app = await BroadcastApplication.StartAsync(withKeys: true);
        using var client = app.Client(app.ControlKey);

        var problem = await Problem(await client.PutAsync(new Uri("api/v1/presets/a.b", UriKind.Relative), Json("{}"), Ct), HttpStatusCode.BadRequest);

        Assert.Contains("letters, digits", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_beyond_64_KiB_is_refused_without_being_read_whole()
    {
        await using var app = await BroadcastApplication.StartAsync(withKeys: true);
        using var client = app.Client(app.ControlKey);
        var huge = $$"""{ "schemaVersion": 1, "prompt": "{{new string('a', 70 * 1024)}}" }""";

        var problem = await Problem(await client.PutAsync(new Uri("api/v1/presets/big", UriKind.Relative), Json(huge), Ct), HttpStatusCode.RequestEntityTooLarge);

        Assert.Contains("at most 64 KiB", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(app.DataRoot, "presets", "big.json")));
    }
}
