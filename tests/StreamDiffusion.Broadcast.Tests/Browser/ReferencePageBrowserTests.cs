using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using StreamDiffusion.Broadcast.Tests.Api;
using StreamDiffusion.Testing;

namespace StreamDiffusion.Broadcast.Tests.Browser;

/// <summary>The API reference page in real Chromium against the real service on 127.0.0.1.</summary>
[Collection(TestCollections.EndToEnd)]
public sealed class ReferencePageBrowserTests(ChromiumBrowser browser) : IClassFixture<ChromiumBrowser>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<string[]> RenderedOperations(WatchedPage page) =>
        await page.Page.EvaluateAsync<string[]>(
            "() => Array.from(document.querySelectorAll('section.operation[data-path]'), s => s.dataset.method + ' ' + s.dataset.path)");

    [Fact]
    public async Task Every_path_of_the_document_is_rendered_from_loopback_only_and_the_csp_blocks_nothing()
    {
        await using var app = await BroadcastApplication.StartAsync(withKeys: false);
        using var client = app.Client();
        var document = await client.GetFromJsonAsync<JsonElement>("openapi/v1.json", Ct);
        var operations = ReferencePageTests.Operations(document).ToArray();

        await using var page = await browser.OpenAsync(new Uri(app.Address, "api/reference"));
        await page.WaitForStateAsync("ready");

        Assert.Equal(operations.Select(o => $"{o.Method} {o.Path}").Order(StringComparer.Ordinal), (await RenderedOperations(page)).Order(StringComparer.Ordinal));
        var text = await page.Page.Locator("main").InnerTextAsync();
        foreach (var (_, path, operation) in operations)
        {
            Assert.Contains(path, text, StringComparison.Ordinal);
            Assert.Contains(operation.GetProperty("summary").GetString()!, text, StringComparison.Ordinal);
        }

        var put = await page.Page.Locator("section[data-method='put'][data-path='/api/v1/presets/{id}']").InnerTextAsync();
        Assert.Contains("X-Api-Key header with scope control", put, StringComparison.Ordinal);
        Assert.Contains("PresetFileBody", put, StringComparison.Ordinal);
        var tokenize = await page.Page.Locator("section[data-method='post'][data-path='/api/v1/tokenize']").InnerTextAsync();
        Assert.Contains("X-Api-Key header with scope read", tokenize, StringComparison.Ordinal);
        Assert.Contains("409", tokenize, StringComparison.Ordinal);

        Assert.Equal("127.0.0.1", app.Address.Host);
        Assert.Contains(page.Requests, url => url.EndsWith("/openapi/v1.json", StringComparison.Ordinal));
        Assert.Empty(page.RequestsNotTo(app.Address));
        Assert.Empty(page.ConsoleErrors);
        Assert.Empty(page.PageErrors);
    }

    [Fact]
    public async Task With_keys_the_page_asks_for_a_read_key_keeps_it_for_the_tab_and_renders()
    {
        await using var app = await BroadcastApplication.StartAsync(withKeys: true);
        using var read = app.Client(app.ReadKey);
        var document = await read.GetFromJsonAsync<JsonElement>("openapi/v1.json", Ct);

        await using var page = await browser.OpenAsync(new Uri(app.Address, "api/reference"));
        await page.WaitForStateAsync("key-required");
        Assert.Contains("read key is needed", await page.Page.Locator("#status").InnerTextAsync(), StringComparison.Ordinal);
        await page.Page.Locator("#key").FillAsync(app.ReadKey!);
        await page.Page.Locator("#key-form button[type='submit']").ClickAsync();
        await page.WaitForStateAsync("ready");

        Assert.Equal(ReferencePageTests.Operations(document).Count(), (await RenderedOperations(page)).Length);
        Assert.Equal(app.ReadKey, await page.Page.EvaluateAsync<string>("() => sessionStorage.getItem('sdbroadcast.apiKey')"));
        Assert.DoesNotContain(page.Requests, url => url.Contains(app.ReadKey!, StringComparison.Ordinal));
        Assert.Empty(page.RequestsNotTo(app.Address));

        // The first, keyless fetch is refused by design; Chromium logs that one 401, and nothing else may be logged.
        Assert.All(page.ConsoleErrors, e => Assert.Contains("401", e, StringComparison.Ordinal));
        Assert.Empty(page.PageErrors);
    }

    [Fact]
    public async Task The_watch_sees_a_blocked_inline_script_and_a_request_to_another_host()
    {
        await using var app = await BroadcastApplication.StartAsync(withKeys: false);
        await using var page = await browser.OpenAsync(new Uri(app.Address, "api/reference"));
        await page.WaitForStateAsync("ready");
        Assert.Empty(page.ConsoleErrors);

        var violation = await page.Page.RunAndWaitForConsoleMessageAsync(
            async () =>
            {
                var ran = await page.Page.EvaluateAsync<bool>(
                    "() => { const s = document.createElement('script'); s.textContent = 'window.inlineRan = true'; document.head.append(s); return window.inlineRan === true; }");
                Assert.False(ran);
            },
            new PageRunAndWaitForConsoleMessageOptions { Predicate = m => m.Type == "error" });
        var other = new UriBuilder(app.Address) { Host = "127.0.0.2" }.Uri;
        await Assert.ThrowsAsync<PlaywrightException>(() => page.Page.GotoAsync(other.ToString()));

        Assert.Contains("Content Security Policy", violation.Text, StringComparison.Ordinal);
        Assert.Contains(violation.Text, page.ConsoleErrors);
        Assert.Contains(other.ToString(), page.RequestsNotTo(app.Address));
    }
}
