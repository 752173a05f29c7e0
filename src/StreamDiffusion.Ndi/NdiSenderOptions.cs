namespace StreamDiffusion.Ndi;

/// <summary>Settings of one sender (<c>NDIlib_send_create_t</c>).</summary>
public sealed record NdiSenderOptions
{
    /// <summary>The source name; the runtime publishes it as <c>MACHINE (Name)</c>. Unique per machine.</summary>
    public required string Name { get; init; }

    /// <summary>Groups to publish in; empty for the configured send groups (normally public).</summary>
    public IReadOnlyList<string> Groups { get; init; } = [];

    /// <summary>
    /// Whether video sends block to pace at the frame rate. False (the default) for a filter whose input already
    /// paces it; true for a free-running source such as a test pattern.
    /// </summary>
    public bool ClockVideo { get; init; }

    /// <summary>Whether audio sends block to pace at the sample rate (clock only one of audio and video per thread).</summary>
    public bool ClockAudio { get; init; }
}
