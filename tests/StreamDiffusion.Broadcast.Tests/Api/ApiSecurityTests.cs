using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace StreamDiffusion.Broadcast.Tests.Api;

public sealed class ApiSecurityTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly Uri s_info = new("api/v1/info", UriKind.Relative);
    private static readonly Uri s_preset = new("api/v1/presets/sec", UriKind.Relative);

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static StringContent ValidPreset() => Json("""{ "schemaVersion": 1, "prompt": "p" }""");

    [Fact]
    public async Task Without_a_key_the_caller_gets_401_problem_json()
    {
        await using var app = await BroadcastApplication.StartAsync(withKeys: true);
        using var client = app.Client();

        var response = await client.GetAsync(s_info, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("X-Api-Key", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_key_gets_401()
    {
        await using var app = await BroadcastApplication.StartAsync(withKeys: true);
        using var client = app.Client("not-a-key");

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(s_info, Ct)).StatusCode);
    }

    [Fact]
    public async Task A_read_key_reads_but_gets_403_on_a_control_call()
    {
        await using var app = await BroadcastApplication.StartAsync(withKeys: true);
        using var client = app.Client(app.ReadKey);

        var info = await client.GetFromJsonAsync<JsonElement>(s_info, Ct);
        var put = await client.PutAsync(s_preset, ValidPreset(), Ct);

        Assert.Equal("StreamDiffusion.Broadcast", info.GetProperty("product").GetString());
        Assert.Equal(["main"], info.GetProperty("channels").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
        Assert.Equal("application/problem+json", put.Content.Headers.ContentType?.MediaType);
        Assert.Contains("control", await put.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_configured_keys_loopback_callers_are_served()
    {
        await using var app = await BroadcastApplication.StartAsync(withKeys: false);
        using var client = app.Client();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(s_info, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsync(s_preset, ValidPreset(), Ct)).StatusCode);
        Assert.Contains("No API key is configured", app.ReadLogFiles(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_control_call_that_is_not_json_is_refused()
    {
        await using var app = await BroadcastApplication.StartAsync(withKeys: true);
        using var client = app.Client(app.ControlKey);

        var response = await client.PutAsync(s_preset, new StringContent("""{ "schemaVersion": 1, "prompt": "p" }""", Encoding.UTF8, "text/plain"), Ct);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);

        // A form post (what a web page can send without a preflight) is refused by content-type matching before any
        // endpoint code runs; its problem still says what to send.
        var form = await client.PostAsync(new Uri("api/v1/channels/main/preset", UriKind.Relative), new FormUrlEncodedContent([new("preset", "neon")]), Ct);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, form.StatusCode);
        Assert.Contains("Content-Type: application/json", await form.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        var nowhere = await client.GetAsync(new Uri("api/v1/nowhere", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.NotFound, nowhere.StatusCode);
        Assert.Contains("/api/reference", await nowhere.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cross_origin_control_call_is_refused_and_an_allowed_origin_passes()
    {
        await using var app = await BroadcastApplication.StartAsync(withKeys: true, extraApiSettings: """, "AllowedOrigins": [ "https://control.studio.example" ]""");
        using var client = app.Client(app.ControlKey);

        using var evil = new HttpRequestMessage(HttpMethod.Put, s_preset) { Content = ValidPreset() };
        evil.Headers.Add("Origin", "https://evil.example");
        var refused = await client.SendAsync(evil, Ct);
        using var allowed = new HttpRequestMessage(HttpMethod.Put, s_preset) { Content = ValidPreset() };
        allowed.Headers.Add("Origin", "https://control.studio.example");
        var passed = await client.SendAsync(allowed, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("https://evil.example", await refused.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, passed.StatusCode);
    }

    [Fact]
    public async Task A_foreign_host_header_is_refused()
    {
        await using var app = await BroadcastApplication.StartAsync(withKeys: true);
        using var client = app.Client(app.ReadKey);
        using var request = new HttpRequestMessage(HttpMethod.Get, s_info);
        request.Headers.Host = "attacker.example";

        var response = await client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Control_calls_beyond_the_rate_get_429_with_retry_after()
    {
        await using var app = await BroadcastApplication.StartAsync(withKeys: true, controlRequestsPerSecond: 2);
        using var client = app.Client(app.ControlKey);

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 12 && limited is null; i++)
        {
            var response = await client.PutAsync(s_preset, ValidPreset(), Ct);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited = response;
            }
        }

        Assert.NotNull(limited);
        Assert.True(statuses.Count(s => s == HttpStatusCode.OK) >= 4, string.Join(", ", statuses)); // the burst of 2 × 2 passes
        Assert.Equal("1", limited.Headers.RetryAfter?.ToString());
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Keys_and_tokens_never_appear_in_the_log_but_the_holder_does()
    {
        await using var app = await BroadcastApplication.StartAsync(withKeys: true);
        using var client = app.Client(app.ControlKey);

        Assert.Equal(HttpStatusCode.OK, (await client.PutAsync(s_preset, ValidPreset(), Ct)).StatusCode);
        var token = await client.PostAsync(new Uri("api/v1/tokens", UriKind.Relative), null, Ct);
        var tokenText = (await token.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("token").GetString()!;
        using var withToken = app.Client();
        var tokenOnInfo = await withToken.GetAsync(new Uri($"api/v1/info?access_token={tokenText}", UriKind.Relative), Ct);
        await app.Client(app.ReadKey).GetAsync(s_info, Ct);

        var log = app.ReadLogFiles();
        Assert.Contains("Control call by companion", log, StringComparison.Ordinal);
        Assert.DoesNotContain(app.ControlKey!, log, StringComparison.Ordinal);
        Assert.DoesNotContain(app.ReadKey!, log, StringComparison.Ordinal);
        Assert.DoesNotContain(tokenText, log, StringComparison.Ordinal);
        // A token opens only the browser endpoints (events, thumbnails), never the rest of the API.
        Assert.Equal(HttpStatusCode.Unauthorized, tokenOnInfo.StatusCode);
    }

    [Fact]
    public async Task The_openapi_document_lists_the_endpoints_and_the_key_scheme()
    {
        await using var app = await BroadcastApplication.StartAsync(withKeys: false);
        using var client = app.Client();

        var document = await client.GetFromJsonAsync<JsonElement>("openapi/v1.json", Ct);

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToArray();
        Assert.Contains("/api/v1/presets", paths);
        Assert.Contains("/api/v1/presets/{id}", paths);
        Assert.Contains("/api/v1/info", paths);
        Assert.Equal("X-Api-Key", document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey").GetProperty("name").GetString());
    }
}
