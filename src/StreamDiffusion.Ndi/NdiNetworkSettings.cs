using System.Globalization;

namespace StreamDiffusion.Ndi;

/// <summary>
/// The NDI network settings the service owns (research/ndi.md §5): discovery servers, extra IPs to query directly and
/// the groups to send in and receive from. Each is a list; empty means "the runtime's default".
/// </summary>
public sealed record NdiNetworkSettings
{
    /// <summary>Discovery servers as <c>host</c> or <c>host:port</c> (default port 5959).</summary>
    public IReadOnlyList<string> DiscoveryServers { get; init; } = [];

    /// <summary>Machines whose sources are queried directly on TCP 5960 (works without mDNS).</summary>
    public IReadOnlyList<string> ExtraIps { get; init; } = [];

    /// <summary>Groups our senders join (default: public).</summary>
    public IReadOnlyList<string> SendGroups { get; init; } = [];

    /// <summary>Groups our finders and receivers look in (default: public).</summary>
    public IReadOnlyList<string> ReceiveGroups { get; init; } = [];

    /// <summary>True when nothing is set, so the machine's own NDI configuration applies unchanged.</summary>
    public bool IsEmpty => DiscoveryServers.Count == 0 && ExtraIps.Count == 0 && SendGroups.Count == 0 && ReceiveGroups.Count == 0;

    /// <summary>Splits a comma list as operators type it ("a, b,c"), dropping blanks.</summary>
    public static IReadOnlyList<string> SplitList(string? text) =>
        string.IsNullOrWhiteSpace(text) ? [] : text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Throws <see cref="ArgumentException"/> naming the setting, the value and the fix when an entry is malformed.</summary>
    public void Validate()
    {
        foreach (var server in DiscoveryServers)
        {
            CheckEntry("discovery server", server);
            var colon = server.LastIndexOf(':');
            if (colon >= 0 && !server.StartsWith('['))
            {
                var port = server[(colon + 1)..];
                if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > 65535)
                {
                    throw new ArgumentException(
                        $"NDI discovery server '{server}' has port '{port}'; a port is a number from 1 to 65535 (the default is 5959). Write 'host' or 'host:5959'.");
                }
            }
        }

        foreach (var ip in ExtraIps)
        {
            CheckEntry("extra IP", ip);
        }

        foreach (var group in SendGroups.Concat(ReceiveGroups))
        {
            CheckEntry("group", group);
        }
    }

    private static void CheckEntry(string what, string value)
    {
        if (value.Length == 0 || value.Any(c => char.IsWhiteSpace(c) || c is ',' or '"' or '\\' || char.IsControl(c)))
        {
            throw new ArgumentException(
                $"NDI {what} '{value}' is not valid: an entry may not be empty or contain spaces, commas, quotes or backslashes. " +
                "Give one name or address per entry.");
        }
    }
}
