using System.CommandLine;
using System.Text.Json;
using StreamDiffusion.Onnx.Folders;
using StreamDiffusion.Onnx.Tokenization;

namespace StreamDiffusion.Broadcast.Cli.Verbs;

/// <summary><c>sdbroadcast tokenize</c>: CLIP token ids of a prompt, as the text encoder will see them.</summary>
internal static class TokenizeVerb
{
    /// <summary>Creates the verb.</summary>
    public static Command Create()
    {
        var tokenizer = new Option<string>("--tokenizer")
        {
            Description = "The tokenizer folder (vocab.json, merges.txt, special_tokens_map.json), e.g. <model>/tokenizer.",
            Required = true,
        };
        var json = new Option<bool>("--json") { Description = "Print one JSON object {\"ids\":[…],\"count\":N,\"truncated\":bool}." };
        var text = new Argument<string>("text") { Description = "The prompt." };
        var command = new Command("tokenize", "Print the CLIP token ids of a prompt (BOS … EOS, truncated to 77, not padded).")
        {
            tokenizer,
            json,
            text,
        };
        command.SetAction(parseResult => Execute(
            parseResult.GetValue(tokenizer)!,
            parseResult.GetValue(json),
            parseResult.GetValue(text) ?? "",
            parseResult.InvocationConfiguration.Output,
            parseResult.InvocationConfiguration.Error));
        return command;
    }

    private static int Execute(string folder, bool asJson, string text, TextWriter output, TextWriter error)
    {
        ClipTokenizer clip;
        try
        {
            clip = ClipTokenizer.Load(folder);
        }
        catch (ModelFolderException e)
        {
            error.WriteLine($"sdbroadcast tokenize: {e.Message}");
            return ExitCodes.Failed;
        }

        var tokens = clip.Tokenize(text);
        if (asJson)
        {
            output.WriteLine(ToJson(tokens));
        }
        else
        {
            output.WriteLine(string.Join(' ', tokens.Ids));
            if (tokens.Truncated)
            {
                error.WriteLine($"sdbroadcast tokenize: the prompt is longer than {ClipTokenizer.SequenceLength - 2} tokens; the text encoder sees only the first {ClipTokenizer.SequenceLength - 2}.");
            }
        }

        return ExitCodes.Ok;
    }

    private static string ToJson(ClipTokenIds tokens)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("ids");
            foreach (var id in tokens.Ids)
            {
                writer.WriteNumberValue(id);
            }

            writer.WriteEndArray();
            writer.WriteNumber("count", tokens.Ids.Count);
            writer.WriteBoolean("truncated", tokens.Truncated);
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
