using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace StreamDiffusion.Broadcast.Tests.Api;

/// <summary>The reference page's files and headers, and the OpenAPI document it renders, over HTTP (the browser test is in Browser/).</summary>
public sealed partial class ReferencePageTests
{
    private static readonly string[] s_files = ["api/reference", "api/reference/reference.css", "api/reference/reference.js", "api/reference/icon.svg", ""];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_page_and_its_files_are_public_and_sent_with_csp_and_nosniff()
    {
        await using var app = await BroadcastApplication.StartAsync(withKeys: true);
        using var anonymous = app.Client();

        foreach (var (file, type) in new[] { ("api/reference", "text/html"), ("api/reference/reference.css", "text/css"), ("api/reference/reference.js", "text/javascript"), ("api/reference/icon.svg", "image/svg+xml"), ("", "text/html") })
        {
            var response = await anonymous.GetAsync(new Uri(file, UriKind.Relative), Ct);

            Assert.True(response.StatusCode == HttpStatusCode.OK, $"/{file}: {(int)response.StatusCode}");
            Assert.Equal(type, response.Content.Headers.ContentType?.MediaType);
            Assert.StartsWith("default-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        }
    }

    [Fact]
    public async Task The_openapi_document_needs_a_read_key_once_keys_are_configured()
    {
        await using var app = await BroadcastApplication.StartAsync(withKeys: true);
        using var anonymous = app.Client();
        using var read = app.Client(app.ReadKey);

        var refused = await anonymous.GetAsync(new Uri("openapi/v1.json", UriKind.Relative), Ct);
        var served = await read.GetAsync(new Uri("openapi/v1.json", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
    }

    [Fact]
    public async Task The_files_name_no_other_origin()
    {
        await using var app = await BroadcastApplication.StartAsync(withKeys: false);
        using var client = app.Client();

        foreach (var file in s_files)
        {
            // The SVG namespace is a name, never fetched.
            var text = (await client.GetStringAsync(new Uri(file, UriKind.Relative), Ct)).Replace("xmlns=\"http://www.w3.org/2000/svg\"", "", StringComparison.Ordinal);

            Assert.DoesNotMatch(SchemeUrl(), text);
            Assert.All(LinkAttribute().Matches(text), m => Assert.Matches("^(/[^/]|#|$)", m.Groups["url"].Value));
        }
    }

    [Fact]
    public async Task The_root_links_to_the_reference_page_and_an_unknown_file_is_a_404_problem()
    {
        await using var app = await BroadcastApplication.StartAsync(withKeys: false);
        using var client = app.Client();

        var root = await client.GetStringAsync(new Uri("/", UriKind.Relative), Ct);
        var missing = await client.GetAsync(new Uri("api/reference/nosuch.js", UriKind.Relative), Ct);

        Assert.Contains("href=\"/api/reference\"", root, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Every_operation_has_a_summary_a_description_and_its_key_scope()
    {
        await using var app = await BroadcastApplication.StartAsync(withKeys: false);
        using var client = app.Client();

        var document = await client.GetFromJsonAsync<JsonElement>("openapi/v1.json", Ct);

        var operations = Operations(document).ToArray();
        Assert.NotEmpty(operations);
        foreach (var (method, path, operation) in operations)
        {
            var at = $"{method.ToUpperInvariant()} {path}";
            Assert.True(operation.TryGetProperty("summary", out var summary) && summary.GetString()!.Length > 0,
                $"{at} has no summary: add [EndpointSummary] and [EndpointDescription] to its handler (see TokenizeApi).");
            Assert.True(operation.TryGetProperty("description", out var description) && description.GetString()!.Length > 0, $"{at} has no description.");
            var scopes = operation.GetProperty("security").EnumerateArray().Single().GetProperty("ApiKey").EnumerateArray().Select(s => s.GetString()).ToArray();
            Assert.True(scopes is ["read"] or ["control"], $"{at}: scopes [{string.Join(", ", scopes)}]");
            Assert.True(operation.GetProperty("responses").TryGetProperty("401", out _), $"{at} does not list its 401.");
        }

        var switchBody = document.GetProperty("paths").GetProperty("/api/v1/channels/{name}/preset").GetProperty("post").GetProperty("requestBody");
        Assert.EndsWith("/PresetSwitchBody", switchBody.GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString(), StringComparison.Ordinal);
        Assert.Equal(["text"], document.GetProperty("components").GetProperty("schemas").GetProperty("TokenizeRequest").GetProperty("required").EnumerateArray().Select(e => e.GetString()));
    }

    /// <summary>Every (method, path, operation) of an OpenAPI document.</summary>
    internal static IEnumerable<(string Method, string Path, JsonElement Operation)> Operations(JsonElement document)
    {
        string[] methods = ["get", "put", "post", "patch", "delete", "options", "head", "trace"];
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var item in path.Value.EnumerateObject().Where(p => methods.Contains(p.Name)))
            {
                yield return (item.Name, path.Name, item.Value);
            }
        }
    }

    [GeneratedRegex("https?:", RegexOptions.IgnoreCase)]
    private static partial Regex SchemeUrl();

    [GeneratedRegex("""(?:src|href)=["'](?<url>[^"']*)["']""", RegexOptions.IgnoreCase)]
    private static partial Regex LinkAttribute();
}
