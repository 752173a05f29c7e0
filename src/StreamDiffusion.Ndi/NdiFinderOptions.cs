namespace StreamDiffusion.Ndi;

/// <summary>Settings of one finder (<c>NDIlib_find_create_t</c>); empty lists mean the runtime's configuration.</summary>
public sealed record NdiFinderOptions
{
    /// <summary>Whether sources on this machine are listed (default true).</summary>
    public bool ShowLocalSources { get; init; } = true;

    /// <summary>Groups to search; empty for the configured receive groups (normally public).</summary>
    public IReadOnlyList<string> Groups { get; init; } = [];

    /// <summary>Machines to query directly in addition to mDNS and discovery servers.</summary>
    public IReadOnlyList<string> ExtraIps { get; init; } = [];
}
