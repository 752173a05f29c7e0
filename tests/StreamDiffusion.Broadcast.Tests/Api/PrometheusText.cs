using System.Globalization;
using System.Text;

namespace StreamDiffusion.Broadcast.Tests.Api;

/// <summary>One sample line: its full name (with any <c>_bucket</c>/<c>_sum</c>/<c>_count</c> suffix), labels and value.</summary>
public sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

/// <summary>One metric family: name, type, help and its samples in page order.</summary>
public sealed record PrometheusFamily(string Name, string Type, string? Help, List<PrometheusSample> Samples);

/// <summary>
/// A strict reader of the Prometheus text format 0.0.4 for tests, independent of the writer it checks: HELP and TYPE
/// lines, sample lines with escaped labels, values as doubles (including +Inf, -Inf, NaN). It refuses a sample whose
/// family has no TYPE before it, a family split in two, a repeated series, a negative counter, and histograms whose
/// buckets are not cumulative, whose <c>le</c> is not ascending or does not end in <c>+Inf</c>, or whose <c>+Inf</c>
/// bucket differs from <c>_count</c>. Errors are <see cref="FormatException"/>s naming the line.
/// </summary>
public sealed class PrometheusText
{
    private static readonly string[] s_histogramSuffixes = ["_bucket", "_sum", "_count"];

    private PrometheusText(Dictionary<string, PrometheusFamily> families) => Families = families;

    /// <summary>The families by name.</summary>
    public IReadOnlyDictionary<string, PrometheusFamily> Families { get; }

    /// <summary>The value of the one sample named <paramref name="name"/> with exactly these labels.</summary>
    public double Value(string name, params (string Name, string Value)[] labels)
    {
        var matches = Families.Values.SelectMany(f => f.Samples)
            .Where(s => s.Name == name && s.Labels.Count == labels.Length && labels.All(l => s.Labels.TryGetValue(l.Name, out var v) && v == l.Value))
            .ToList();
        Assert.True(matches.Count == 1, $"expected one sample {name}{{{string.Join(",", labels.Select(l => $"{l.Name}=\"{l.Value}\""))}}}, found {matches.Count}");
        return matches[0].Value;
    }

    /// <summary>Parses a whole page; throws <see cref="FormatException"/> on the first violation.</summary>
    public static PrometheusText Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > 0 && !text.EndsWith('\n'))
        {
            throw new FormatException("the page must end with a line feed");
        }

        var families = new Dictionary<string, PrometheusFamily>(StringComparer.Ordinal);
        var helps = new Dictionary<string, string>(StringComparer.Ordinal);
        var finished = new HashSet<string>(StringComparer.Ordinal);
        var series = new HashSet<string>(StringComparer.Ordinal);
        string? current = null;
        var lines = text.Split('\n');
        for (var n = 0; n < lines.Length - 1; n++)
        {
            var line = lines[n];
            var where = $"line {n + 1} \"{line}\"";
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith('#'))
            {
                var parts = line.Split(' ', 4);
                if (parts.Length >= 3 && parts[0] == "#" && parts[1] is "HELP" or "TYPE")
                {
                    var name = parts[2];
                    RequireMetricName(name, where);
                    if (finished.Contains(name) || (families.ContainsKey(name) && families[name].Samples.Count > 0))
                    {
                        throw new FormatException($"{where}: {parts[1]} for {name} after its samples");
                    }

                    if (parts[1] == "HELP")
                    {
                        if (!helps.TryAdd(name, parts.Length == 4 ? Unescape(parts[3], where) : ""))
                        {
                            throw new FormatException($"{where}: a second HELP for {name}");
                        }
                    }
                    else
                    {
                        if (parts.Length != 4 || parts[3] is not ("counter" or "gauge" or "histogram" or "summary" or "untyped"))
                        {
                            throw new FormatException($"{where}: TYPE must be counter, gauge, histogram, summary or untyped");
                        }

                        if (!families.TryAdd(name, new PrometheusFamily(name, parts[3], null, [])))
                        {
                            throw new FormatException($"{where}: a second TYPE for {name}");
                        }
                    }
                }

                continue; // any other comment
            }

            var sample = ParseSample(line, where);
            var family = FamilyOf(sample.Name, families) ?? throw new FormatException($"{where}: no TYPE declared for {sample.Name}");
            if (current != family.Name)
            {
                if (current is not null)
                {
                    finished.Add(current);
                }

                if (finished.Contains(family.Name))
                {
                    throw new FormatException($"{where}: the samples of {family.Name} are split by another family");
                }

                current = family.Name;
            }

            var key = sample.Name + "{" + string.Join(",", sample.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}")) + "}";
            if (!series.Add(key))
            {
                throw new FormatException($"{where}: the series {key} appears twice");
            }

            if (family.Type == "counter" && !(sample.Value >= 0))
            {
                throw new FormatException($"{where}: a counter must be a non-negative number");
            }

            if (family.Type == "histogram" && sample.Name == family.Name + "_bucket" && !sample.Labels.ContainsKey("le"))
            {
                throw new FormatException($"{where}: a histogram bucket needs an le label");
            }

            family.Samples.Add(sample);
        }

        foreach (var family in families.Values.ToList())
        {
            if (helps.TryGetValue(family.Name, out var help))
            {
                families[family.Name] = family with { Help = help };
            }

            if (family.Type == "histogram")
            {
                CheckHistogram(family);
            }
        }

        return new PrometheusText(families);
    }

    private static PrometheusFamily? FamilyOf(string sample, Dictionary<string, PrometheusFamily> families)
    {
        if (families.TryGetValue(sample, out var exact) && exact.Type != "histogram")
        {
            return exact;
        }

        foreach (var suffix in s_histogramSuffixes)
        {
            if (sample.EndsWith(suffix, StringComparison.Ordinal) && families.TryGetValue(sample[..^suffix.Length], out var histogram) && histogram.Type == "histogram")
            {
                return histogram;
            }
        }

        return null;
    }

    private static void CheckHistogram(PrometheusFamily family)
    {
        static string SeriesOf(PrometheusSample s) =>
            string.Join(",", s.Labels.Where(l => l.Key != "le").OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"));

        foreach (var group in family.Samples.GroupBy(SeriesOf))
        {
            var where = $"histogram {family.Name}{{{group.Key}}}";
            var buckets = group.Where(s => s.Name == family.Name + "_bucket").ToList();
            var count = group.SingleOrDefault(s => s.Name == family.Name + "_count") ?? throw new FormatException($"{where}: no _count");
            _ = group.SingleOrDefault(s => s.Name == family.Name + "_sum") ?? throw new FormatException($"{where}: no _sum");
            if (buckets.Count == 0 || buckets[^1].Labels["le"] != "+Inf")
            {
                throw new FormatException($"{where}: the buckets must end with le=\"+Inf\"");
            }

            for (var i = 0; i < buckets.Count; i++)
            {
                var le = ParseValue(buckets[i].Labels["le"], where);
                if (i > 0 && !(le > ParseValue(buckets[i - 1].Labels["le"], where)))
                {
                    throw new FormatException($"{where}: le {buckets[i].Labels["le"]} does not ascend");
                }

                if (i > 0 && buckets[i].Value < buckets[i - 1].Value)
                {
                    throw new FormatException($"{where}: bucket le={buckets[i].Labels["le"]} holds fewer than the one before (buckets are cumulative)");
                }
            }

            if (buckets[^1].Value != count.Value)
            {
                throw new FormatException($"{where}: the +Inf bucket ({buckets[^1].Value}) differs from _count ({count.Value})");
            }
        }
    }

    // name{label="value",...} value [timestamp]
    private static PrometheusSample ParseSample(string line, string where)
    {
        var i = 0;
        while (i < line.Length && line[i] is not ('{' or ' '))
        {
            i++;
        }

        var name = line[..i];
        RequireMetricName(name, where);
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (i < line.Length && line[i] == '{')
        {
            i++;
            while (true)
            {
                if (i < line.Length && line[i] == '}')
                {
                    i++;
                    break;
                }

                var start = i;
                while (i < line.Length && line[i] != '=')
                {
                    i++;
                }

                var label = line[start..i];
                if (!IsLabelName(label))
                {
                    throw new FormatException($"{where}: \"{label}\" is not a label name");
                }

                if (i + 1 >= line.Length || line[i + 1] != '"')
                {
                    throw new FormatException($"{where}: the value of {label} must be quoted");
                }

                i += 2;
                var value = new StringBuilder();
                while (true)
                {
                    if (i >= line.Length)
                    {
                        throw new FormatException($"{where}: unterminated value of {label}");
                    }

                    var c = line[i++];
                    if (c == '"')
                    {
                        break;
                    }

                    if (c == '\\')
                    {
                        if (i >= line.Length)
                        {
                            throw new FormatException($"{where}: a lone backslash in {label}");
                        }

                        value.Append(line[i++] switch
                        {
                            '\\' => '\\',
                            '"' => '"',
                            'n' => '\n',
                            var other => throw new FormatException($"{where}: \\{other} is not an escape in a label value"),
                        });
                    }
                    else
                    {
                        value.Append(c);
                    }
                }

                if (!labels.TryAdd(label, value.ToString()))
                {
                    throw new FormatException($"{where}: the label {label} appears twice");
                }

                if (i < line.Length && line[i] == ',')
                {
                    i++;
                }
                else if (i >= line.Length || line[i] != '}')
                {
                    throw new FormatException($"{where}: expected , or }} after the value of {label}");
                }
            }
        }

        if (i >= line.Length || line[i] != ' ')
        {
            throw new FormatException($"{where}: expected one space before the value");
        }

        var rest = line[(i + 1)..].Split(' ');
        if (rest.Length is < 1 or > 2 || (rest.Length == 2 && !long.TryParse(rest[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)))
        {
            throw new FormatException($"{where}: expected a value and at most an integer timestamp");
        }

        return new PrometheusSample(name, labels, ParseValue(rest[0], where));
    }

    private static double ParseValue(string text, string where) => text switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ when text.Length > 0 && (char.IsAsciiDigit(text[0]) || text[0] is '-' or '+' or '.')
            && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) => value,
        _ => throw new FormatException($"{where}: \"{text}\" is not a number"),
    };

    private static string Unescape(string text, string where)
    {
        var result = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\')
            {
                result.Append(text[i]);
                continue;
            }

            if (++i >= text.Length || text[i] is not ('\\' or 'n'))
            {
                throw new FormatException($"{where}: a bad escape in the HELP text");
            }

            result.Append(text[i] == 'n' ? '\n' : text[i]);
        }

        return result.ToString();
    }

    private static void RequireMetricName(string name, string where)
    {
        if (name.Length == 0 || char.IsAsciiDigit(name[0]) || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or ':'))
        {
            throw new FormatException($"{where}: \"{name}\" is not a metric name");
        }
    }

    private static bool IsLabelName(string name) =>
        name.Length > 0 && !char.IsAsciiDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
