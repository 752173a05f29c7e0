using System.Globalization;
using System.Text;

namespace StreamDiffusion.Broadcast.Tests.Api;

/// <summary>One dispatched server-sent event.</summary>
public sealed record ServerSentEvent(string? Id, string Event, string Data);

/// <summary>
/// Reads a text/event-stream the way a browser's EventSource does (WHATWG HTML §9.2): field lines up to a blank line,
/// comments kept aside, blocks without data dispatch nothing.
/// </summary>
public sealed class ServerSentEventReader(Stream stream) : IDisposable
{
    private readonly StreamReader _reader = new(stream, Encoding.UTF8);

    /// <summary>The comment lines read so far, without the colon.</summary>
    public List<string> Comments { get; } = [];

    /// <summary>The last <c>retry:</c> value read, in milliseconds.</summary>
    public int? Retry { get; private set; }

    /// <summary>The next event; throws <see cref="EndOfStreamException"/> when the server ends the stream.</summary>
    public async Task<ServerSentEvent> NextAsync(CancellationToken cancellationToken)
    {
        string? id = null;
        var name = "message";
        var data = new StringBuilder();
        var hasData = false;
        while (true)
        {
            var line = await _reader.ReadLineAsync(cancellationToken) ?? throw new EndOfStreamException("the server ended the event stream");
            if (line.Length == 0)
            {
                if (hasData)
                {
                    return new ServerSentEvent(id, name, data.ToString());
                }

                (id, name) = (null, "message");
                continue;
            }

            if (line[0] == ':')
            {
                Comments.Add(line[1..].Trim());
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? "" : line[(colon + 1)..];
            if (value.StartsWith(' '))
            {
                value = value[1..];
            }

            switch (field)
            {
                case "id":
                    id = value;
                    break;
                case "event":
                    name = value;
                    break;
                case "data":
                    data.Append(hasData ? "\n" : "").Append(value);
                    hasData = true;
                    break;
                case "retry":
                    Retry = int.Parse(value, CultureInfo.InvariantCulture);
                    break;
            }
        }
    }

    /// <summary>Closes the stream.</summary>
    public void Dispose() => _reader.Dispose();
}
