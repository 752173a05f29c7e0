using System.Text.Json;

namespace StreamDiffusion.Broadcast.Api;

/// <summary>
/// Reads a small JSON request body for a control call, so that malformed JSON and wrong fields get a 400 that names
/// the line or the field instead of a bare "bad request".
/// </summary>
internal static class JsonBody
{
    /// <summary>Largest body a control call takes.</summary>
    public const int MaxBytes = 64 * 1024;

    /// <summary>
    /// The body's bytes, or null when it is longer than <paramref name="maxBytes"/>; never reads more than one byte
    /// past the limit, whatever the client sends or declares.
    /// </summary>
    public static async Task<byte[]?> ReadBoundedAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > maxBytes)
        {
            return null;
        }

        var buffer = new byte[maxBytes + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false)) > 0)
        {
            length += read;
        }

        return length > maxBytes ? null : buffer[..length];
    }

    /// <summary>The body as a JSON object, or a problem saying what is wrong with it.</summary>
    public static Task<(JsonDocument? Document, IResult? Problem)> ReadObjectAsync(HttpRequest request, CancellationToken cancellationToken) =>
        ReadObjectAsync(request, emptyIsObject: false, cancellationToken);

    /// <summary>As <see cref="ReadObjectAsync(HttpRequest, CancellationToken)"/>, but an empty body (however it was sent) reads as <c>{}</c>.</summary>
    public static Task<(JsonDocument? Document, IResult? Problem)> ReadOptionalObjectAsync(HttpRequest request, CancellationToken cancellationToken) =>
        ReadObjectAsync(request, emptyIsObject: true, cancellationToken);

    private static async Task<(JsonDocument? Document, IResult? Problem)> ReadObjectAsync(HttpRequest request, bool emptyIsObject, CancellationToken cancellationToken)
    {
        if (await ReadBoundedAsync(request, MaxBytes, cancellationToken).ConfigureAwait(false) is not { } body)
        {
            return (null, Results.Problem(statusCode: 413, title: "Body too large", detail: $"A control call's body is at most {MaxBytes / 1024} KiB of JSON."));
        }

        if (emptyIsObject && body.AsSpan().Trim(" \t\r\n"u8).IsEmpty)
        {
            return (JsonDocument.Parse("{}"), null);
        }

        try
        {
            var document = JsonDocument.Parse(body, new JsonDocumentOptions { AllowTrailingCommas = true });
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return (document, null);
            }

            document.Dispose();
            return (null, Results.Problem(statusCode: 400, title: "JSON object expected", detail: "The body must be one JSON object, e.g. { \"preset\": \"neon\" }."));
        }
        catch (JsonException e)
        {
            return (null, Results.Problem(statusCode: 400, title: "Invalid JSON",
                detail: $"The body is not valid JSON at line {(e.LineNumber ?? 0) + 1}: fix the syntax (e.g. quote names and strings)."));
        }
    }

    /// <summary>A 400 naming the field and what it should hold.</summary>
    public static IResult FieldProblem(string field, string detail) =>
        Results.Problem(statusCode: 400, title: "Invalid field", detail: $"{field}: {detail}", extensions: new Dictionary<string, object?> { ["field"] = field });
}
