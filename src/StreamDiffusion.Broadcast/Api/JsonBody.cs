using System.Text.Json;

namespace StreamDiffusion.Broadcast.Api;

/// <summary>
/// Reads a small JSON request body for a control call, so that malformed JSON and wrong fields get a 400 that names
/// the line or the field instead of a bare "bad request".
/// </summary>
internal static class JsonBody
{
    private const int MaxBytes = 64 * 1024;

    /// <summary>The body as a JSON object, or a problem saying what is wrong with it.</summary>
    public static async Task<(JsonDocument? Document, IResult? Problem)> ReadObjectAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        if (buffer.Length > MaxBytes)
        {
            return (null, Results.Problem(statusCode: 413, title: "Body too large", detail: $"A control call's body is at most {MaxBytes / 1024} KiB of JSON."));
        }

        try
        {
            var document = JsonDocument.Parse(buffer.ToArray(), new JsonDocumentOptions { AllowTrailingCommas = true });
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
