using System.CommandLine;
using System.Text.Json;
using StreamDiffusion.Ndi;

namespace StreamDiffusion.Broadcast.Cli.Verbs;

/// <summary><c>sdbroadcast ndi sources [--wait SECONDS] [--json]</c>: lists the NDI sources visible from this machine.</summary>
internal static class NdiSourcesVerb
{
    /// <summary>Creates the verb.</summary>
    public static Command Create()
    {
        var wait = new Option<double>("--wait")
        {
            Description = "Seconds to listen for sources before listing them (discovery takes a moment).",
            DefaultValueFactory = _ => 2,
            CustomParser = VideoArguments.ParseSeconds,
        };
        var json = new Option<bool>("--json") { Description = "Print a JSON array of {\"name\",\"url\"} instead of text." };
        var command = new Command("sources", "List the NDI sources visible from this machine. " + NdiAttribution.Text) { wait, json };
        command.SetAction(parseResult =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            if (!NdiNetworkOptions.TryLoadRuntime(parseResult, "sources", error, out var runtime))
            {
                return ExitCodes.Failed;
            }

            using var finder = new NdiFinder(runtime!);
            var listen = TimeSpan.FromSeconds(parseResult.GetValue(wait));
            var sources = finder.Collect(listen, TimeSpan.FromMilliseconds(500)).ToList();
            if (parseResult.GetValue(json))
            {
                WriteJson(output, sources);
            }
            else if (sources.Count == 0)
            {
                output.WriteLine($"No NDI sources found within {listen.TotalSeconds:0.#} s (groups, discovery server and extra IPs decide what is visible).");
            }
            else
            {
                foreach (var source in sources)
                {
                    output.WriteLine($"{source.Name}\t{source.Url}");
                }
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static void WriteJson(TextWriter output, List<NdiSource> sources)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartArray();
            foreach (var source in sources)
            {
                writer.WriteStartObject();
                writer.WriteString("name", source.Name);
                writer.WriteString("url", source.Url);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }
}
