using System.Text.RegularExpressions;

namespace StreamDiffusion.Ndi;

/// <summary>
/// Which source a receiver connects to: an exact full name (<c>MACHINE (Source)</c>) or a pattern with <c>*</c> and
/// <c>?</c> wildcards (<c>* (Camera 1)</c>), matched case-insensitively; the first matching source in the finder's
/// list wins.
/// </summary>
public sealed class NdiSourceSelector
{
    private readonly Regex? _pattern;

    private NdiSourceSelector(string text, Regex? pattern)
    {
        Text = text;
        _pattern = pattern;
    }

    /// <summary>The name or pattern as given.</summary>
    public string Text { get; }

    /// <summary>True when this selects by pattern rather than by exact name.</summary>
    public bool IsPattern => _pattern is not null;

    /// <summary>Selects the source whose full name is exactly <paramref name="fullName"/>.</summary>
    public static NdiSourceSelector ByName(string fullName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fullName);
        return new NdiSourceSelector(fullName, null);
    }

    /// <summary>Selects the first source matching <paramref name="pattern"/> (<c>*</c> any run, <c>?</c> one character).</summary>
    public static NdiSourceSelector ByPattern(string pattern)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pattern);
        var regex = "^" + Regex.Escape(pattern).Replace(@"\*", ".*", StringComparison.Ordinal).Replace(@"\?", ".", StringComparison.Ordinal) + "$";
        return new NdiSourceSelector(pattern, new Regex(regex, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline));
    }

    /// <summary>A pattern when <paramref name="text"/> holds a wildcard, else an exact name.</summary>
    public static NdiSourceSelector Parse(string text) =>
        text is not null && text.AsSpan().IndexOfAny('*', '?') >= 0 ? ByPattern(text) : ByName(text!);

    /// <summary>True when <paramref name="sourceName"/> is selected.</summary>
    public bool Matches(string sourceName) =>
        _pattern is null ? string.Equals(sourceName, Text, StringComparison.Ordinal) : _pattern.IsMatch(sourceName);

    /// <summary>The first selected source in <paramref name="sources"/>, or null.</summary>
    public NdiSource? FirstMatch(IReadOnlyList<NdiSource> sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        foreach (var source in sources)
        {
            if (Matches(source.Name))
            {
                return source;
            }
        }

        return null;
    }

    /// <inheritdoc />
    public override string ToString() => IsPattern ? $"pattern '{Text}'" : $"'{Text}'";
}
