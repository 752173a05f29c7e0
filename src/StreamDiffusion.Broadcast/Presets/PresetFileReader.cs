using System.Collections.Immutable;
using System.Text.Json;
using StreamDiffusion.Core.Filtering;
using StreamDiffusion.Core.Guidance;

namespace StreamDiffusion.Broadcast.Presets;

/// <summary>
/// Reads and validates one preset file (schema in docs/presets.md). Every problem is reported at once with its line
/// and field; a file with any problem yields no preset, so the last good version stays in force.
/// </summary>
public static class PresetFileReader
{
    /// <summary>The preset schema version this build reads.</summary>
    public const int SchemaVersion = 1;

    private static readonly JsonDocumentOptions s_documentOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    private static readonly string[] s_topFields =
    [
        "schemaVersion", "name", "slot", "prompt", "negativePrompt", "guidanceScale", "delta", "tIndexList", "strength",
        "seed", "guidanceMode", "similarityFilter", "transition",
    ];

    private static readonly string[] s_filterFields = ["enabled", "threshold", "maxSkipFrames"];
    private static readonly string[] s_transitionFields = ["kind", "seconds", "curve"];

    /// <summary>Parses <paramref name="utf8"/> read from <paramref name="path"/>; the id is the file name without extension.</summary>
    public static (Preset? Preset, IReadOnlyList<PresetProblem> Problems) Read(string path, ReadOnlySpan<byte> utf8)
    {
        var id = Path.GetFileNameWithoutExtension(path);
        var problems = new List<PresetProblem>();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8.ToArray(), s_documentOptions);
        }
        catch (JsonException e)
        {
            var line = (int)(e.LineNumber ?? 0) + 1;
            problems.Add(new(path, line, "", $"not valid JSON ({FirstSentence(e.Message)}). Fix the syntax at that line; the previous version of this preset stays in force."));
            return (null, problems);
        }

        using (document)
        {
            var lines = JsonLineMap.Build(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            var context = new Context(path, lines, problems);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                context.Problem("$", $"the file holds a JSON {Describe(root.ValueKind)}; a preset is one JSON object {{ \"schemaVersion\": {SchemaVersion}, \"prompt\": \"…\", … }}.");
                return (null, problems);
            }

            context.RejectUnknown(root, "$", s_topFields);
            var version = context.Int(root, "$", "schemaVersion", required: true, min: 0, max: int.MaxValue);
            if (version is not null && version != SchemaVersion)
            {
                context.Problem("$.schemaVersion",
                    $"schemaVersion {version} is not supported by this build (it reads version {SchemaVersion}). " +
                    (version > SchemaVersion ? "Upgrade sdbroadcast, or write the preset in version 1." : $"Rewrite the preset in version {SchemaVersion} (docs/presets.md)."));
                return (null, problems);
            }

            var prompt = context.String(root, "$", "prompt", required: true, maxLength: ParameterLimits.MaxPromptLength);
            if (prompt is not null && ParameterLimits.Prompt(prompt) is { } promptProblem)
            {
                context.Problem("$.prompt", promptProblem);
            }

            var name = context.String(root, "$", "name", required: false, maxLength: ParameterLimits.MaxNameLength) ?? id;
            var slot = context.Int(root, "$", "slot", required: false, min: ParameterLimits.MinSlot, max: ParameterLimits.MaxSlot);
            var negative = context.String(root, "$", "negativePrompt", required: false, maxLength: ParameterLimits.MaxPromptLength) ?? "";
            var guidance = context.Float(root, "$", "guidanceScale", ParameterLimits.GuidanceScale) ?? 1.2f;
            var delta = context.Float(root, "$", "delta", ParameterLimits.Delta) ?? 1.0f;
            var seed = context.Int(root, "$", "seed", required: false, min: 0, max: ParameterLimits.MaxSeed) ?? 2;
            var mode = context.Enum<GuidanceMode>(root, "$", "guidanceMode");
            var strength = context.Float(root, "$", "strength", ParameterLimits.Strength);
            var steps = context.TIndexList(root);
            if (strength is not null && root.TryGetProperty("tIndexList", out _))
            {
                context.Problem("$.strength", "give either strength or tIndexList, not both; remove one of them.");
            }

            var filter = new SimilarityFilterSettings();
            if (context.Object(root, "$", "similarityFilter") is { } f)
            {
                context.RejectUnknown(f, "$.similarityFilter", s_filterFields);
                filter = new SimilarityFilterSettings(
                    context.Bool(f, "$.similarityFilter", "enabled") ?? filter.Enabled,
                    context.Float(f, "$.similarityFilter", "threshold", ParameterLimits.FilterThreshold) ?? filter.Threshold,
                    context.Int(f, "$.similarityFilter", "maxSkipFrames", required: false, min: 0, max: ParameterLimits.MaxSkipFrames) ?? filter.MaxSkipFrames);
            }

            var transition = PresetTransition.Default;
            if (context.Object(root, "$", "transition") is { } t)
            {
                context.RejectUnknown(t, "$.transition", s_transitionFields);
                var kind = context.Enum<TransitionKind>(t, "$.transition", "kind") ?? transition.Kind;
                var seconds = context.Double(t, "$.transition", "seconds", ParameterLimits.TransitionSeconds) ?? (kind == TransitionKind.Cut ? 0 : transition.Seconds);
                transition = new PresetTransition(kind, kind == TransitionKind.Cut ? 0 : seconds, context.Enum<BlendCurve>(t, "$.transition", "curve") ?? transition.Curve);
            }

            if (problems.Count > 0 || prompt is null)
            {
                return (null, problems);
            }

            return (new Preset
            {
                Id = id,
                Name = name,
                Slot = slot,
                Prompt = prompt,
                NegativePrompt = negative,
                GuidanceScale = guidance,
                Delta = delta,
                TIndexList = strength is not null ? [] : steps ?? [32, 45],
                Strength = strength,
                Seed = seed,
                GuidanceMode = mode,
                SimilarityFilter = filter,
                Transition = transition,
            }, problems);
        }
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).TrimEnd('.', ' ');
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Null => "null",
        _ => "value",
    };

    private sealed class Context(string file, JsonLineMap lines, List<PresetProblem> problems)
    {
        public void Problem(string path, string message) =>
            problems.Add(new PresetProblem(file, lines.LineOf(path), path == "$" ? "" : path[2..], message));

        public void RejectUnknown(JsonElement obj, string path, string[] known)
        {
            foreach (var property in obj.EnumerateObject())
            {
                if (Array.IndexOf(known, property.Name) < 0)
                {
                    Problem($"{path}.{property.Name}", $"unknown field \"{property.Name}\"; known fields here: {string.Join(", ", known)} (names are case-sensitive).");
                }
            }
        }

        public JsonElement? Object(JsonElement obj, string path, string name)
        {
            if (!obj.TryGetProperty(name, out var value))
            {
                return null;
            }

            if (value.ValueKind == JsonValueKind.Object)
            {
                return value;
            }

            Problem($"{path}.{name}", $"expected an object {{ … }}, found a {Describe(value.ValueKind)}.");
            return null;
        }

        public string? String(JsonElement obj, string path, string name, bool required, int maxLength)
        {
            if (!obj.TryGetProperty(name, out var value))
            {
                if (required)
                {
                    Problem(path, $"the required field \"{name}\" is missing; add \"{name}\": \"…\".");
                }

                return null;
            }

            if (value.ValueKind != JsonValueKind.String)
            {
                Problem($"{path}.{name}", $"expected a string in quotes, found a {Describe(value.ValueKind)}.");
                return null;
            }

            var text = value.GetString()!;
            if (ParameterLimits.Text(text, maxLength) is { } problem)
            {
                Problem($"{path}.{name}", problem);
                return null;
            }

            return text;
        }

        public int? Int(JsonElement obj, string path, string name, bool required, int min, int max)
        {
            if (!obj.TryGetProperty(name, out var value))
            {
                if (required)
                {
                    Problem(path, $"the required field \"{name}\" is missing; add \"{name}\": {min}.");
                }

                return null;
            }

            return IntValue(value, $"{path}.{name}", min, max);
        }

        public int? IntValue(JsonElement value, string path, int min, int max)
        {
            if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var number))
            {
                Problem(path, $"expected a whole number in [{min}, {max}], found {Quote(value)}.");
                return null;
            }

            if (ParameterLimits.WholeNumber(number, min, max) is { } problem)
            {
                Problem(path, problem);
                return null;
            }

            return (int)number;
        }

        public double? Double(JsonElement obj, string path, string name, NumberRange range)
        {
            if (!obj.TryGetProperty(name, out var value))
            {
                return null;
            }

            if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number) || !double.IsFinite(number))
            {
                Problem($"{path}.{name}", $"expected a number in {range}, found {Quote(value)}.");
                return null;
            }

            if (ParameterLimits.Number(number, range) is { } problem)
            {
                Problem($"{path}.{name}", problem);
                return null;
            }

            return number;
        }

        public float? Float(JsonElement obj, string path, string name, NumberRange range) =>
            Double(obj, path, name, range) is { } number ? (float)number : null;

        public bool? Bool(JsonElement obj, string path, string name)
        {
            if (!obj.TryGetProperty(name, out var value))
            {
                return null;
            }

            if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                return value.GetBoolean();
            }

            Problem($"{path}.{name}", $"expected true or false, found {Quote(value)}.");
            return null;
        }

        public TEnum? Enum<TEnum>(JsonElement obj, string path, string name)
            where TEnum : struct, Enum
        {
            if (!obj.TryGetProperty(name, out var value))
            {
                return null;
            }

            var allowed = string.Join(", ", System.Enum.GetNames<TEnum>().Select(n => $"\"{char.ToLowerInvariant(n[0])}{n[1..]}\""));
            if (value.ValueKind == JsonValueKind.String
                && System.Enum.TryParse<TEnum>(value.GetString(), ignoreCase: true, out var parsed)
                && !int.TryParse(value.GetString(), out _))
            {
                return parsed;
            }

            Problem($"{path}.{name}", $"{Quote(value)} is not one of {allowed}.");
            return null;
        }

        public ImmutableArray<int>? TIndexList(JsonElement root)
        {
            if (!root.TryGetProperty("tIndexList", out var value))
            {
                return null;
            }

            const string path = "$.tIndexList";
            if (value.ValueKind != JsonValueKind.Array)
            {
                Problem(path, $"expected an array of 1 to {ParameterLimits.MaxSteps} ascending step indices in [0, {ParameterLimits.MaxStepIndex}], e.g. [32, 45]; found {Quote(value)}.");
                return null;
            }

            var steps = ImmutableArray.CreateBuilder<int>(value.GetArrayLength());
            foreach (var item in value.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt32(out var step))
                {
                    Problem($"{path}[{steps.Count}]", $"expected a whole number in [0, {ParameterLimits.MaxStepIndex}], found {Quote(item)}.");
                    return null;
                }

                steps.Add(step);
            }

            if (ParameterLimits.StepIndices(steps) is { } problem)
            {
                Problem(problem.Index < 0 ? path : $"{path}[{problem.Index}]", problem.Problem);
                return null;
            }

            return steps.MoveToImmutable();
        }

        private static string Quote(JsonElement value) => value.ValueKind switch
        {
            JsonValueKind.String => $"\"{value.GetString()}\"",
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => "an array",
            _ => value.GetRawText(),
        };
    }
}
