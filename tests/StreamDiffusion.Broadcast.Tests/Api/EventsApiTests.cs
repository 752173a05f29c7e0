using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace StreamDiffusion.Broadcast.Tests.Api;

/// <summary>Server-sent events on the real server: state changes, the status tick, tokens, the client cap.</summary>
public sealed class EventsApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly Uri s_events = new("api/v1/events", UriKind.Relative);

    private static async Task<string> TokenAsync(BroadcastApplication app)
    {
        using var client = app.Client(app.ReadKey);
        var response = await client.PostAsync(new Uri("api/v1/tokens", UriKind.Relative), null, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("token").GetString()!;
    }

    private static async Task<HttpResponseMessage> OpenAsync(HttpClient client, Uri uri, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }

    [Fact]
    public async Task A_token_in_the_url_streams_the_bypass_state_change_and_a_status_every_second()
    {
        await using var app = await BroadcastApplication.StartAsync(withKeys: true, syntheticModel: true);
        var token = await TokenAsync(app);
        using var browser = app.Client(); // like EventSource: no key header, the token in the URL
        using var control = app.Client(app.ControlKey);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(60));

        using var response = await OpenAsync(browser, new Uri($"api/v1/events?access_token={token}", UriKind.Relative), deadline.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl?.NoCache, "Cache-Control: no-cache expected");
        using var events = new ServerSentEventReader(await response.Content.ReadAsStreamAsync(deadline.Token));

        var first = await events.NextAsync(deadline.Token);
        Assert.Equal("status", first.Event);
        Assert.Equal(3000, events.Retry);
        var channels = JsonDocument.Parse(first.Data).RootElement;
        Assert.Equal("main", channels[0].GetProperty("name").GetString());

        // The first status tick after the connect-time status: a one-second tick, allowed five on a busy machine.
        var tickClock = Stopwatch.StartNew();
        var ids = new List<long> { long.Parse(first.Id!, CultureInfo.InvariantCulture) };
        TimeSpan? secondStatusAfter = null;
        JsonElement? bypassState = null;
        var posted = await control.PostAsync(new Uri("api/v1/channels/main/bypass", UriKind.Relative),
            new StringContent("""{ "enabled": true }""", Encoding.UTF8, "application/json"), deadline.Token);
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        var seen = new List<string>();
        try
        {
            for (var i = 0; i < 200 && (bypassState is null || secondStatusAfter is null); i++)
            {
                var next = await events.NextAsync(deadline.Token);
                seen.Add($"{next.Event}: {next.Data[..Math.Min(next.Data.Length, 120)]}");
                ids.Add(long.Parse(next.Id!, CultureInfo.InvariantCulture));
                if (next.Event == "status")
                {
                    secondStatusAfter ??= tickClock.Elapsed;
                }
                else if (next.Event == "state")
                {
                    var state = JsonDocument.Parse(next.Data).RootElement.Clone();
                    if (state.GetProperty("reason").GetString() == "bypass (operator)")
                    {
                        bypassState = state;
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Reported below with the events seen.
        }

        Assert.True(bypassState is not null, $"no state event for the operator's bypass; events: {string.Join(" | ", seen)}");
        Assert.Equal("main", bypassState!.Value.GetProperty("channel").GetString());
        Assert.Equal("bypass", bypassState.Value.GetProperty("state").GetString());
        Assert.True(bypassState.Value.GetProperty("since").TryGetDateTimeOffset(out _), bypassState.Value.ToString());
        Assert.NotNull(secondStatusAfter);
        Assert.True(secondStatusAfter < TimeSpan.FromSeconds(5), $"second status after {secondStatusAfter}");
        Assert.Equal(ids.Order().Distinct(), ids); // ids strictly increase
        Assert.Contains("stream open", events.Comments);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-token")]
    public async Task Without_a_key_or_a_valid_token_the_stream_is_refused_with_401(string? token)
    {
        await using var app = await BroadcastApplication.StartAsync(withKeys: true);
        using var client = app.Client();

        using var response = await OpenAsync(client, token is null ? s_events : new Uri($"api/v1/events?access_token={token}", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Streams_beyond_MaxEventStreams_get_503_until_one_closes()
    {
        await using var app = await BroadcastApplication.StartAsync(withKeys: true, extraApiSettings: """, "MaxEventStreams": 2""");
        using var client = app.Client(app.ReadKey);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(30));

        var first = await OpenAsync(client, s_events, deadline.Token);
        using var second = await OpenAsync(client, s_events, deadline.Token);
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, second.StatusCode));
        using var third = await OpenAsync(client, s_events, deadline.Token);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, third.StatusCode);
        Assert.Equal("application/problem+json", third.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Api:MaxEventStreams", await third.Content.ReadAsStringAsync(deadline.Token), StringComparison.Ordinal);
        Assert.NotNull(third.Headers.RetryAfter);

        // Closing a stream gives its place back once the server notices the client left.
        first.Dispose();
        var reopened = HttpStatusCode.ServiceUnavailable;
        for (var attempt = 0; attempt < 40 && reopened != HttpStatusCode.OK; attempt++)
        {
            await Task.Delay(250, deadline.Token);
            using var again = await OpenAsync(client, s_events, deadline.Token);
            reopened = again.StatusCode;
        }

        Assert.Equal(HttpStatusCode.OK, reopened);
    }

    [Fact]
    public async Task Stopping_the_service_ends_open_streams_instead_of_waiting_for_them()
    {
        var app = await BroadcastApplication.StartAsync(withKeys: true);
        using var client = app.Client(app.ReadKey);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(60));
        using var response = await OpenAsync(client, s_events, deadline.Token);
        using var events = new ServerSentEventReader(await response.Content.ReadAsStreamAsync(deadline.Token));
        Assert.Equal("status", (await events.NextAsync(deadline.Token)).Event);

        // The host waits up to its 30 s shutdown timeout for requests still running; an open stream must not be one.
        var stopped = app.DisposeAsync().AsTask();
        var finished = await Task.WhenAny(stopped, Task.Delay(TimeSpan.FromSeconds(20), deadline.Token));

        Assert.Same(stopped, finished);
        await stopped;
        var ended = await Record.ExceptionAsync(async () =>
        {
            for (var i = 0; i < 100; i++)
            {
                await events.NextAsync(deadline.Token);
            }
        });
        Assert.True(ended is IOException, $"the stream should end with the service, got {ended?.GetType().Name ?? "no end"}");
    }
}
