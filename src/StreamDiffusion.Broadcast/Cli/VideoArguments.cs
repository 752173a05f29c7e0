using System.CommandLine.Parsing;
using System.Globalization;
using StreamDiffusion.Broadcast.Configuration;

namespace StreamDiffusion.Broadcast.Cli;

/// <summary>Parsers for video arguments on the command line; a bad value becomes a parse error that names it and the fix.</summary>
internal static class VideoArguments
{
    /// <summary>Parses <c>WxH</c> (e.g. 1280x720): even width 2–16384, height 1–16384.</summary>
    public static (int Width, int Height) ParseSize(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (VideoFormatText.TryParseSize(text, out var width, out var height))
        {
            return (width, height);
        }

        result.AddError($"--size '{text}' is not a frame size: write {VideoFormatText.SizeHelp}.");
        return default;
    }

    /// <summary>Parses an exact rate <c>N/D</c> (e.g. 30000/1001) or a whole number (25 means 25/1).</summary>
    public static (int N, int D) ParseRate(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (VideoFormatText.TryParseRate(text, out var n, out var d))
        {
            return (n, d);
        }

        result.AddError($"--rate '{text}' is not a frame rate: write {VideoFormatText.RateHelp}.");
        return default;
    }

    /// <summary>Parses a positive number of seconds up to one day.</summary>
    public static double ParseSeconds(ArgumentResult result)
    {
        var name = (result.Parent as OptionResult)?.Option.Name ?? "seconds";
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds is > 0 and <= 86400)
        {
            return seconds;
        }

        result.AddError($"{name} '{text}' is not a duration: give seconds greater than 0 and at most 86400, e.g. 5 or 0.5.");
        return default;
    }
}
