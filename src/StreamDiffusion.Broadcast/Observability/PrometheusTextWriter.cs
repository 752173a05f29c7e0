using System.Globalization;
using System.Text;
using StreamDiffusion.Broadcast.Channels;

namespace StreamDiffusion.Broadcast.Observability;

/// <summary>
/// Writes the Prometheus text exposition format, version 0.0.4: per metric family one <c># HELP</c> and one
/// <c># TYPE</c> line, then its samples, each family once and whole. Misuse (a sample before its family, a family
/// twice, a bad name) throws, because it is a bug in the caller and would make scrapers drop the whole page.
/// </summary>
/// <remarks>
/// Written here rather than through prometheus-net because our histograms are aggregated on the frame path
/// (<see cref="TimeHistogram"/>, lock-free and allocation-free) and prometheus-net can only be fed observations: its
/// <c>Histogram.Observe(value, count)</c> would have to replay per-bucket deltas at every scrape, which makes
/// <c>_sum</c> a guess (bucket bounds instead of the real durations) and needs delta bookkeeping per series under a
/// lock, and its default registry is process-wide (tests run several hosts in one process). The format is a few lines
/// of text per sample; owning it keeps <c>/metrics</c> exact and dependency-free.
/// </remarks>
public sealed class PrometheusTextWriter
{
    /// <summary>The Content-Type of a page in this format.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly StringBuilder _text = new();
    private readonly HashSet<string> _families = new(StringComparer.Ordinal);
    private string? _family;
    private string? _type;

    /// <summary>Starts a metric family: <paramref name="type"/> is <c>counter</c>, <c>gauge</c> or <c>histogram</c>.</summary>
    public void Family(string name, string type, string help)
    {
        ArgumentNullException.ThrowIfNull(help);
        if (!IsMetricName(name))
        {
            throw new ArgumentException($"\"{name}\" is not a Prometheus metric name ([a-zA-Z_:][a-zA-Z0-9_:]*).", nameof(name));
        }

        if (type is not ("counter" or "gauge" or "histogram"))
        {
            throw new ArgumentException($"\"{type}\" is not counter, gauge or histogram.", nameof(type));
        }

        if (!_families.Add(name))
        {
            throw new InvalidOperationException($"the family {name} was already written; a family must be written once and whole.");
        }

        _family = name;
        _type = type;
        _text.Append("# HELP ").Append(name).Append(' ');
        foreach (var c in help)
        {
            _ = c switch
            {
                '\\' => _text.Append(@"\\"),
                '\n' => _text.Append(@"\n"),
                _ => _text.Append(c),
            };
        }

        _text.Append('\n').Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
    }

    /// <summary>Writes one sample of the current counter or gauge family.</summary>
    public void Sample(double value, params ReadOnlySpan<(string Name, string Value)> labels)
    {
        if (_type is not ("counter" or "gauge"))
        {
            throw new InvalidOperationException(_type is null ? "a sample needs a family first." : "histogram samples are written by Histogram().");
        }

        Line(_family!, labels, null, value);
    }

    /// <summary>
    /// Writes one histogram series of the current histogram family, in seconds: cumulative <c>_bucket</c> lines per
    /// upper bound and <c>+Inf</c>, then <c>_sum</c> and <c>_count</c>.
    /// </summary>
    public void Histogram(TimeHistogramSnapshot histogram, params ReadOnlySpan<(string Name, string Value)> labels)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        if (_type != "histogram")
        {
            throw new InvalidOperationException("Histogram() needs a histogram family first.");
        }

        var bucket = _family + "_bucket";
        long cumulative = 0;
        for (var i = 0; i < histogram.UpperBounds.Count; i++)
        {
            cumulative += histogram.Counts[i];
            Line(bucket, labels, Format(histogram.UpperBounds[i].TotalSeconds), cumulative);
        }

        Line(bucket, labels, "+Inf", histogram.Count);
        Line(_family + "_sum", labels, null, histogram.Sum.TotalSeconds);
        Line(_family + "_count", labels, null, histogram.Count);
    }

    /// <summary>The page written so far.</summary>
    public override string ToString() => _text.ToString();

    private void Line(string name, ReadOnlySpan<(string Name, string Value)> labels, string? le, double value)
    {
        _text.Append(name);
        if (!labels.IsEmpty || le is not null)
        {
            _text.Append('{');
            var first = true;
            foreach (var (label, text) in labels)
            {
                if (!IsLabelName(label))
                {
                    throw new ArgumentException($"\"{label}\" is not a Prometheus label name.", nameof(labels));
                }

                Label(label, text, ref first);
            }

            if (le is not null)
            {
                Label("le", le, ref first);
            }

            _text.Append('}');
        }

        _text.Append(' ').Append(Format(value)).Append('\n');
    }

    private void Label(string name, string value, ref bool first)
    {
        if (!first)
        {
            _text.Append(',');
        }

        first = false;
        _text.Append(name).Append("=\"");
        foreach (var c in value)
        {
            _ = c switch
            {
                '\\' => _text.Append(@"\\"),
                '"' => _text.Append("\\\""),
                '\n' => _text.Append(@"\n"),
                _ => _text.Append(c),
            };
        }

        _text.Append('"');
    }

    private static string Format(double value) =>
        double.IsPositiveInfinity(value) ? "+Inf"
        : double.IsNegativeInfinity(value) ? "-Inf"
        : double.IsNaN(value) ? "NaN"
        : value.ToString("R", CultureInfo.InvariantCulture);

    private static bool IsMetricName(string name) =>
        !string.IsNullOrEmpty(name) && !char.IsAsciiDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or ':');

    // "le" is reserved for histogram buckets and "__" prefixes for Prometheus itself.
    private static bool IsLabelName(string name) =>
        !string.IsNullOrEmpty(name) && !char.IsAsciiDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')
        && name != "le" && !name.StartsWith("__", StringComparison.Ordinal);
}
