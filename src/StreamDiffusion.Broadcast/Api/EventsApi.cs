using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using StreamDiffusion.Broadcast.Channels;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace StreamDiffusion.Broadcast.Api;

/// <summary>What a <c>state</c> event carries: one channel's new state, its reason and when it was entered.</summary>
public sealed record ChannelStateEvent(string Channel, string State, string Reason, DateTimeOffset Since);

/// <summary>
/// <c>GET /api/v1/events</c>: live status as server-sent events. A <c>status</c> event with every channel (as
/// <c>GET /api/v1/channels</c> shows it) on connect and then once a second, a <c>state</c> event on every change of a
/// channel's state or reason, an <c>id:</c> per event, a <c>retry:</c> hint and comment lines as keep-alives. Events
/// are flushed one by one; nothing is buffered or compressed.
/// </summary>
public static partial class EventsApi
{
    /// <summary>Interval of the <c>status</c> event.</summary>
    public static TimeSpan StatusInterval { get; } = TimeSpan.FromSeconds(1);

    /// <summary>Interval of the keep-alive comment.</summary>
    public static TimeSpan KeepAliveInterval { get; } = TimeSpan.FromSeconds(15);

    /// <summary>The reconnection delay suggested to clients (the <c>retry:</c> field), in milliseconds.</summary>
    public const int RetryMilliseconds = 3000;

    /// <summary>Maps the endpoint on <paramref name="api"/>.</summary>
    public static RouteGroupBuilder MapEvents(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/events", Stream)
            .RequireAuthorization(ApiPolicies.Read)
            .WithTags("Events")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return api;
    }

    [AllowsAccessToken]
    [EndpointSummary("Live status as server-sent events")]
    [EndpointDescription("A text/event-stream: `status` (every channel, as GET /api/v1/channels) on connect and once a second, `state` on every change of a channel's state or reason. Read scope, or `?access_token=` from POST /api/v1/tokens. 503 beyond Api:MaxEventStreams open streams.")]
    private static async Task Stream(
        HttpContext context, EventStreams streams, IReadOnlyList<BroadcastChannel> channels, IOptions<JsonOptions> json,
        IHostApplicationLifetime lifetime, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(EventsApi).FullName!);
        var who = context.User.Identity?.Name ?? "anonymous";
        if (!streams.TryOpen())
        {
            LogRefused(logger, who, streams.Limit);
            context.Response.Headers.RetryAfter = "5";
            await ApiProblems.Write(context, StatusCodes.Status503ServiceUnavailable, "Too many event streams",
                $"{streams.Limit} event streams are open, the most this service serves at once. Close one (every open web page holds one) " +
                "or raise Api:MaxEventStreams, then retry.").ConfigureAwait(false);
            return;
        }

        // A stream ends when the client leaves or the service stops: without the second, shutdown would wait for every
        // open dashboard until the host's shutdown timeout.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        using var subscription = new StatusSubscription(channels.Select(c => c.Status));
        LogOpened(logger, who, streams.Open, streams.Limit);
        try
        {
            var writer = new EventWriter(context, json.Value.SerializerOptions);
            await writer.StartAsync(stop.Token).ConfigureAwait(false);
            await RunAsync(writer, subscription, channels, stop.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException && stop.IsCancellationRequested)
        {
            // The client left or the service is stopping.
        }
        catch (IOException)
        {
            // The connection broke while writing.
        }
        finally
        {
            streams.Close(subscription.Dropped);
            LogClosed(logger, who, subscription.Dropped);
        }
    }

    private static async Task RunAsync(EventWriter writer, StatusSubscription subscription, IReadOnlyList<BroadcastChannel> channels, CancellationToken stop)
    {
        var statusEvery = (long)(StatusInterval.TotalSeconds * Stopwatch.Frequency);
        var keepAliveEvery = (long)(KeepAliveInterval.TotalSeconds * Stopwatch.Frequency);
        var nextKeepAlive = Stopwatch.GetTimestamp() + keepAliveEvery;
        var nextStatus = Stopwatch.GetTimestamp();
        long reportedDrops = 0;
        while (!stop.IsCancellationRequested)
        {
            while (subscription.Changes.TryRead(out var change))
            {
                await writer.EventAsync("state", new ChannelStateEvent(change.Channel, StateName(change.State), change.Reason, change.Since), stop).ConfigureAwait(false);
            }

            var now = Stopwatch.GetTimestamp();
            if (now >= nextStatus)
            {
                if (subscription.Dropped != reportedDrops)
                {
                    reportedDrops = subscription.Dropped;
                    await writer.CommentAsync($"{reportedDrops} state changes dropped so far (this client reads too slowly); the status below is complete", stop).ConfigureAwait(false);
                }

                await writer.EventAsync("status", channels.Select(ChannelsApi.View).ToArray(), stop).ConfigureAwait(false);
                nextStatus = Math.Max(nextStatus + statusEvery, now + 1);
                continue;
            }

            if (now >= nextKeepAlive)
            {
                await writer.CommentAsync("keep-alive", stop).ConfigureAwait(false);
                nextKeepAlive = now + keepAliveEvery;
            }

            // Sleep until the next status tick or the next state change, whichever comes first.
            using var wake = CancellationTokenSource.CreateLinkedTokenSource(stop);
            wake.CancelAfter(Stopwatch.GetElapsedTime(now, nextStatus));
            try
            {
                await subscription.Changes.WaitToReadAsync(wake.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!stop.IsCancellationRequested)
            {
                // The tick is due.
            }
        }
    }

    private static string StateName(ChannelState state) => state.ToString().ToLowerInvariant();

    [LoggerMessage(Level = LogLevel.Debug, Message = "Event stream opened by {Who} ({Open} of {Limit} open)")]
    private static partial void LogOpened(ILogger logger, string who, int open, int limit);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Event stream of {Who} closed; {Dropped} state changes were dropped for it")]
    private static partial void LogClosed(ILogger logger, string who, long dropped);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event stream refused for {Who}: {Limit} streams are open (Api:MaxEventStreams)")]
    private static partial void LogRefused(ILogger logger, string who, int limit);

    // Writes the text/event-stream framing (WHATWG HTML §9.2): field lines, a blank line per event, a flush per event.
    private sealed class EventWriter(HttpContext context, JsonSerializerOptions options)
    {
        private readonly StringBuilder _text = new();
        private long _id;

        public Task StartAsync(CancellationToken cancellationToken)
        {
            var response = context.Response;
            response.ContentType = "text/event-stream";
            response.Headers.CacheControl = "no-cache";
            // Reverse proxies (nginx) buffer responses unless told not to, and a compressing middleware would hold events
            // back the same way: an explicit identity encoding makes it leave the stream alone.
            response.Headers["X-Accel-Buffering"] = "no";
            response.Headers.ContentEncoding = "identity";
            context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
            _text.Append(CultureInfo.InvariantCulture, $"retry: {RetryMilliseconds}\n: stream open\n\n");
            return FlushAsync(cancellationToken);
        }

        public Task EventAsync<T>(string name, T data, CancellationToken cancellationToken)
        {
            // Serialized JSON holds no raw line breaks (they are escaped inside strings), so one data line suffices.
            _text.Append(CultureInfo.InvariantCulture, $"id: {++_id}\nevent: {name}\ndata: {JsonSerializer.Serialize(data, options)}\n\n");
            return FlushAsync(cancellationToken);
        }

        public Task CommentAsync(string text, CancellationToken cancellationToken)
        {
            _text.Append(CultureInfo.InvariantCulture, $": {text}\n\n");
            return FlushAsync(cancellationToken);
        }

        private async Task FlushAsync(CancellationToken cancellationToken)
        {
            var text = _text.ToString();
            _text.Clear();
            await context.Response.WriteAsync(text, cancellationToken).ConfigureAwait(false);
            await context.Response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
