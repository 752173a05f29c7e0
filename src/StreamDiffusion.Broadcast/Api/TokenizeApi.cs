using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using StreamDiffusion.Broadcast.Channels;
using StreamDiffusion.Onnx.Folders;
using StreamDiffusion.Onnx.Tokenization;

namespace StreamDiffusion.Broadcast.Api;

/// <summary>The body of <c>POST /api/v1/tokenize</c>.</summary>
/// <param name="Text">The prompt, at most 4 KiB of UTF-8.</param>
/// <param name="Channel">The channel whose model's tokenizer is used; the first channel when absent.</param>
public sealed record TokenizeRequest(string Text, string? Channel = null);

/// <summary>What <c>POST /api/v1/tokenize</c> answers: the ids the text encoder sees before padding.</summary>
/// <param name="Ids">BOS, the prompt's tokens, EOS.</param>
/// <param name="Count">How many ids (at most <paramref name="MaxLength"/>).</param>
/// <param name="Truncated">True when the prompt was longer and its tail is not seen by the model.</param>
/// <param name="MaxLength">The text encoder's sequence length: BOS + 75 tokens + EOS.</param>
public sealed record TokenizeView(IReadOnlyList<int> Ids, int Count, bool Truncated, int MaxLength);

/// <summary><c>/api/v1/tokenize</c>: a prompt's CLIP token ids as a channel's model will see them.</summary>
public static class TokenizeApi
{
    /// <summary>Longest prompt accepted, in UTF-8 bytes (far beyond the 75 tokens a model sees).</summary>
    public const int MaxTextBytes = 4096;

    /// <summary>Maps the endpoint on <paramref name="api"/>.</summary>
    public static RouteHandlerBuilder MapTokenize(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);

        // Read scope: it changes nothing. It still takes only JSON, like the control calls, so no form can post to it.
        return api.MapPost("/tokenize", Tokenize).RequireAuthorization(ApiPolicies.Read).WithTags("Prompts");
    }

    [EndpointSummary("Tokenize a prompt")]
    [EndpointDescription(
        "The CLIP token ids of `text` as the text encoder of the channel's model sees them before padding: BOS, the " +
        "prompt's tokens, EOS, at most `maxLength` (77). `truncated` says the prompt was longer and its tail is ignored. " +
        "Uses the tokenizer/ folder of the channel's model folder (the first channel when `channel` is absent); 409 " +
        "names the folder and the missing files when there is none.")]
    [Consumes(typeof(TokenizeRequest), "application/json")]
    [ProducesResponseType<TokenizeView>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json", Description = "Malformed JSON, or `text`/`channel` missing or wrong")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json", Description = "Unknown channel; the detail lists the channels")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json", Description = "The channel has no model folder or no usable tokenizer in it; the detail says which file to add where")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status413PayloadTooLarge, "application/problem+json", Description = "Body over 64 KiB")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status415UnsupportedMediaType, "application/problem+json", Description = "Content-Type is not application/json")]
    private static async Task<IResult> Tokenize(
        HttpRequest request, IReadOnlyList<BroadcastChannel> channels, ChannelFactory factory, ChannelTokenizers tokenizers, CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType())
        {
            return Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "JSON required",
                detail: $"Send {{ \"text\": \"...\" }} with Content-Type: application/json (got \"{request.ContentType ?? "none"}\").");
        }

        var (body, problem) = await JsonBody.ReadObjectAsync(request, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            return problem!;
        }

        string text;
        string? channelName = null;
        using (body)
        {
            var root = body.RootElement;
            if (!root.TryGetProperty("text", out var textValue) || textValue.ValueKind != JsonValueKind.String)
            {
                return JsonBody.FieldProblem("text", "missing or not a string; give the prompt, e.g. { \"text\": \"a photo of a cat\" }.");
            }

            text = textValue.GetString()!;
            if (Encoding.UTF8.GetByteCount(text) > MaxTextBytes)
            {
                return JsonBody.FieldProblem("text", $"{Encoding.UTF8.GetByteCount(text)} bytes of UTF-8 is over the limit of {MaxTextBytes}; a model sees only the first {ClipTokenizer.SequenceLength - 2} tokens anyway.");
            }

            if (root.TryGetProperty("channel", out var channelValue) && channelValue.ValueKind != JsonValueKind.Null)
            {
                if (channelValue.ValueKind != JsonValueKind.String)
                {
                    return JsonBody.FieldProblem("channel", "must be a channel name (a string), or absent for the first channel.");
                }

                channelName = channelValue.GetString();
            }
        }

        if (channels.Count == 0)
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "No channel",
                detail: "No channel is configured, so there is no model whose tokenizer could be used. Add a channel with a Model to appsettings.json.");
        }

        var channel = channelName is null ? channels[0] : channels.FirstOrDefault(c => string.Equals(c.Name, channelName, StringComparison.OrdinalIgnoreCase));
        if (channel is null)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown channel",
                detail: $"No channel \"{channelName}\". Channels: {string.Join(", ", channels.Select(c => c.Name))}.",
                extensions: new Dictionary<string, object?> { ["channel"] = channelName, ["field"] = "channel" });
        }

        if (factory.ModelFolderOf(channel.Settings) is not { } modelFolder)
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Channel has no model",
                detail: $"Channel \"{channel.Name}\" has no Model setting, so it has no tokenizer. Set its Model in appsettings.json to a model " +
                        "folder (docs/onnx-models.md) whose tokenizer/ holds vocab.json and merges.txt.",
                extensions: new Dictionary<string, object?> { ["channel"] = channel.Name });
        }

        var folder = ChannelTokenizers.TokenizerFolderOf(modelFolder);
        var missing = ChannelTokenizers.RequiredFiles.Where(f => !File.Exists(Path.Combine(folder, f))).ToArray();
        if (missing.Length > 0)
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "No tokenizer for channel",
                detail: $"Channel \"{channel.Name}\": {folder} {(Directory.Exists(folder) ? "lacks" : "does not exist, so it lacks")} {string.Join(" and ", missing)}. " +
                        "Copy the tokenizer/ folder of the model's Hugging Face ONNX export (vocab.json, merges.txt, special_tokens_map.json) " +
                        $"to {folder} (docs/onnx-models.md); the next call finds it.",
                extensions: new Dictionary<string, object?> { ["channel"] = channel.Name, ["folder"] = folder, ["missing"] = missing });
        }

        ClipTokenizer tokenizer;
        try
        {
            tokenizer = tokenizers.Get(folder);
        }
        catch (ModelFolderException e)
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Unusable tokenizer",
                detail: $"Channel \"{channel.Name}\": {string.Join(" ", e.Problems)} Replace the files with the model's own tokenizer/ folder (docs/onnx-models.md).",
                extensions: new Dictionary<string, object?> { ["channel"] = channel.Name, ["folder"] = folder, ["problems"] = e.Problems });
        }

        var tokens = tokenizer.Tokenize(text);
        return TypedResults.Ok(new TokenizeView(tokens.Ids, tokens.Ids.Count, tokens.Truncated, ClipTokenizer.SequenceLength));
    }
}
