using System.Text.Json;

namespace StreamDiffusion.Broadcast.Presets;

/// <summary>
/// Line numbers of every value in a JSON text by path (<c>$.similarityFilter.threshold</c>, <c>$.tIndexList[1]</c>), so
/// validation errors can say where to look; <see cref="JsonDocument"/> keeps no positions.
/// </summary>
internal sealed class JsonLineMap
{
    private readonly Dictionary<string, int> _lines = new(StringComparer.Ordinal);

    private JsonLineMap()
    {
    }

    /// <summary>The 1-based line of the value at <paramref name="path"/>, or of the nearest parent that has one.</summary>
    public int LineOf(string path)
    {
        for (var p = path; ; p = Parent(p))
        {
            if (_lines.TryGetValue(p, out var line))
            {
                return line;
            }

            if (p == "$")
            {
                return 1;
            }
        }
    }

    /// <summary>Maps <paramref name="utf8"/>, which must already be known to parse.</summary>
    public static JsonLineMap Build(ReadOnlySpan<byte> utf8, JsonReaderOptions options)
    {
        var map = new JsonLineMap();
        var newlines = new List<int>();
        for (var i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] == (byte)'\n')
            {
                newlines.Add(i);
            }
        }

        var reader = new Utf8JsonReader(utf8, options);
        var path = new Stack<(string Path, int NextIndex, bool IsArray)>();
        string? pendingProperty = null;
        while (reader.Read())
        {
            var line = LineAt(newlines, (int)reader.TokenStartIndex);
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    pendingProperty = reader.GetString();
                    break;
                case JsonTokenType.Comment:
                    break;
                case JsonTokenType.EndObject:
                case JsonTokenType.EndArray:
                    path.Pop();
                    break;
                default:
                    var valuePath = NextValuePath(path, pendingProperty);
                    pendingProperty = null;
                    map._lines[valuePath] = line;
                    if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                    {
                        path.Push((valuePath, 0, reader.TokenType == JsonTokenType.StartArray));
                    }

                    break;
            }
        }

        return map;
    }

    private static string NextValuePath(Stack<(string Path, int NextIndex, bool IsArray)> path, string? property)
    {
        if (path.Count == 0)
        {
            return "$";
        }

        var (parent, next, isArray) = path.Pop();
        path.Push((parent, next + 1, isArray));
        return isArray ? $"{parent}[{next}]" : $"{parent}.{property}";
    }

    private static int LineAt(List<int> newlines, int offset)
    {
        var index = newlines.BinarySearch(offset);
        return (index < 0 ? ~index : index) + 1;
    }

    private static string Parent(string path)
    {
        var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut <= 0 ? "$" : path[..cut];
    }
}
