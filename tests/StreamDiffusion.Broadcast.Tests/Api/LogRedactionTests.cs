using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace StreamDiffusion.Broadcast.Tests.Api;

/// <summary>
/// Keys and tokens never reach the log, even with every category at Debug and every property written: the browser
/// endpoints carry the token in the query string, which ASP.NET Core's request lines would otherwise log.
/// </summary>
public sealed class LogRedactionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<HttpStatusCode> ReadOneEventAsync(HttpClient client, string path)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(30));
        using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative)), HttpCompletionOption.ResponseHeadersRead, deadline.Token);
        if (response.StatusCode == HttpStatusCode.OK)
        {
            using var events = new ServerSentEventReader(await response.Content.ReadAsStreamAsync(deadline.Token));
            await events.NextAsync(deadline.Token);
        }

        return response.StatusCode;
    }

    private static async Task<HttpStatusCode> ThumbnailAsync(HttpClient client, string path)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var response = await client.GetAsync(new Uri(path, UriKind.Relative), Ct);
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable || attempt == 19)
            {
                return response.StatusCode;
            }
        }
    }

    [Fact]
    public async Task Neither_keys_nor_tokens_appear_in_a_debug_log_of_the_browser_endpoints()
    {
        await using var app = await BroadcastApplication.StartAsync(withKeys: true, debugLog: true);
        using var read = app.Client(app.ReadKey);
        using var control = app.Client(app.ControlKey);
        using var browser = app.Client();
        var token = (await (await read.PostAsync(new Uri("api/v1/tokens", UriKind.Relative), null, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct))
            .GetProperty("token").GetString()!;

        Assert.Equal(HttpStatusCode.OK, await ReadOneEventAsync(read, "api/v1/events"));
        Assert.Equal(HttpStatusCode.OK, await ReadOneEventAsync(browser, $"api/v1/events?access_token={token}"));
        Assert.Equal(HttpStatusCode.OK, await ThumbnailAsync(read, "api/v1/channels/main/thumbnail/input"));
        Assert.Equal(HttpStatusCode.OK, await ThumbnailAsync(browser, $"api/v1/channels/main/thumbnail/output?width=64&access_token={token}"));
        Assert.Equal(HttpStatusCode.Unauthorized, await ThumbnailAsync(browser, $"api/v1/channels/main/thumbnail/output?access_token={app.ReadKey}"));
        Assert.Equal(HttpStatusCode.OK, (await control.GetAsync(new Uri("api/v1/channels/main", UriKind.Relative), Ct)).StatusCode);

        var log = app.ReadLogFiles();
        // The debug log did capture these requests (so the absence below means something) ...
        Assert.Contains("/api/v1/events", log, StringComparison.Ordinal);
        Assert.Contains("/api/v1/channels/main/thumbnail/output", log, StringComparison.Ordinal);
        Assert.Contains("\"Level\":\"Debug\"", log, StringComparison.Ordinal);
        // ... and none of the secrets.
        Assert.DoesNotContain(token, log, StringComparison.Ordinal);
        Assert.DoesNotContain(app.ReadKey!, log, StringComparison.Ordinal);
        Assert.DoesNotContain(app.ControlKey!, log, StringComparison.Ordinal);
    }
}
