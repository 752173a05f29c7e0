using System.Text;
using System.Text.Json;

namespace StreamDiffusion.Ndi;

/// <summary>
/// Writes <c>ndi-config.v1.json</c>, the NDI runtime's own configuration file, from the service's
/// <see cref="NdiNetworkSettings"/>: <c>ndi.networks.discovery</c>, <c>ndi.networks.ips</c>, <c>ndi.groups.send</c>
/// and <c>ndi.groups.recv</c> (comma lists, research/ndi.md §5). Keys for empty settings are left out.
/// </summary>
public static class NdiConfigFile
{
    /// <summary>The file name the runtime reads from <c>NDI_CONFIG_DIR</c> (or <c>~/.ndi</c>, <c>C:\ProgramData\NDI</c>).</summary>
    public const string FileName = "ndi-config.v1.json";

    /// <summary>The file's JSON text for <paramref name="settings"/>.</summary>
    public static string ToJson(NdiNetworkSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteStartObject("ndi");
            if (settings.DiscoveryServers.Count > 0 || settings.ExtraIps.Count > 0)
            {
                json.WriteStartObject("networks");
                WriteList(json, "discovery", settings.DiscoveryServers);
                WriteList(json, "ips", settings.ExtraIps);
                json.WriteEndObject();
            }

            if (settings.SendGroups.Count > 0 || settings.ReceiveGroups.Count > 0)
            {
                json.WriteStartObject("groups");
                WriteList(json, "send", settings.SendGroups);
                WriteList(json, "recv", settings.ReceiveGroups);
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Writes the file into <paramref name="folder"/> (created if needed), replacing it atomically.</summary>
    public static string Write(string folder, NdiNetworkSettings settings)
    {
        var text = ToJson(settings);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, FileName);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, text);
        File.Move(temporary, path, overwrite: true);
        return path;
    }

    private static void WriteList(Utf8JsonWriter json, string name, IReadOnlyList<string> values)
    {
        if (values.Count > 0)
        {
            json.WriteString(name, string.Join(',', values));
        }
    }
}
