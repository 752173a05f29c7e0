using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace StreamDiffusion.Broadcast.Tests.Api;

/// <summary>Channel status and control over HTTP on the real server (the channel runs without a model here).</summary>
public sealed class ChannelsApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> Send(HttpClient client, string path, string json, HttpStatusCode expected)
    {
        var response = await client.PostAsync(new Uri(path, UriKind.Relative), Json(json), Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        if ((int)expected >= 400)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        return JsonDocument.Parse(body).RootElement.Clone();
    }

    [Fact]
    public async Task A_preset_is_taken_by_id_or_slot_with_its_own_or_a_given_transition()
    {
        await using var app = await BroadcastApplication.StartAsync(withKeys: true);
        using var client = app.Client(app.ControlKey);

        var byId = await Send(client, "api/v1/channels/main/preset", """{ "preset": "neon" }""", HttpStatusCode.OK);
        Assert.Equal(("neon", "cyberpunk neon city at night, vivid colours"), (byId.GetProperty("preset").GetString(), byId.GetProperty("prompt").GetString()));

        var bySlot = await Send(client, "api/v1/channels/main/preset", """{ "preset": 1, "transition": { "kind": "cut" } }""", HttpStatusCode.OK);
        Assert.Equal("default", bySlot.GetProperty("preset").GetString());

        var status = await client.GetFromJsonAsync<JsonElement>("api/v1/channels/main", Ct);
        Assert.Equal("default", status.GetProperty("preset").GetString());
    }

    [Theory]
    [InlineData("""{ "preset": "nosuch" }""", HttpStatusCode.NotFound, "default (slot 1), neon (slot 2)")]
    [InlineData("""{ "preset": 42 }""", HttpStatusCode.NotFound, "No preset 42")]
    [InlineData("""{ }""", HttpStatusCode.BadRequest, "preset: missing")]
    [InlineData("""{ "preset": true }""", HttpStatusCode.BadRequest, "preset: must be a preset id")]
    [InlineData("""{ "preset": "neon", "transition": { "kind": "wipe" } }""", HttpStatusCode.BadRequest, "transition.kind: expected one of \"cut\", \"blend\", found \"wipe\"")]
    [InlineData("""{ "preset": "neon", "transition": { "seconds": 99 } }""", HttpStatusCode.BadRequest, "transition.seconds: 99 is out of range")]
    [InlineData("""{ "preset": "neon" """, HttpStatusCode.BadRequest, "not valid JSON at line 1")]
    [InlineData("""[ "neon" ]""", HttpStatusCode.BadRequest, "one JSON object")]
    public async Task Bad_switch_requests_get_a_4xx_problem_that_names_the_fix(string json, HttpStatusCode expected, string detail)
    {
        await using var app = await BroadcastApplication.StartAsync(withKeys: true);
        using var client = app.Client(app.ControlKey);

        var problem = await Send(client, "api/v1/channels/main/preset", json, expected);

        Assert.Contains(detail, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bypass_is_switched_and_reported_and_needs_control_scope()
    {
        await using var app = await BroadcastApplication.StartAsync(withKeys: true);
        using var control = app.Client(app.ControlKey);
        using var read = app.Client(app.ReadKey);

        Assert.True((await Send(control, "api/v1/channels/main/bypass", """{ "enabled": true }""", HttpStatusCode.OK)).GetProperty("bypass").GetBoolean());
        Assert.True((await read.GetFromJsonAsync<JsonElement>("api/v1/channels/main", Ct)).GetProperty("bypass").GetBoolean());
        Assert.False((await Send(control, "api/v1/channels/main/bypass", """{ "enabled": false }""", HttpStatusCode.OK)).GetProperty("bypass").GetBoolean());

        var bad = await Send(control, "api/v1/channels/main/bypass", """{ "enabled": "yes" }""", HttpStatusCode.BadRequest);
        Assert.Equal("enabled", bad.GetProperty("field").GetString());
        await Send(read, "api/v1/channels/main/bypass", """{ "enabled": true }""", HttpStatusCode.Forbidden);
        var unknown = await Send(control, "api/v1/channels/other/bypass", """{ "enabled": true }""", HttpStatusCode.NotFound);
        Assert.Contains("Channels: main", unknown.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
