namespace StreamDiffusion.Ndi;

/// <summary>Settings of one receiver.</summary>
public sealed record NdiReceiverOptions
{
    /// <summary>The source to receive, by exact full name or pattern.</summary>
    public required NdiSourceSelector Source { get; init; }

    /// <summary>
    /// A source already found (name and address, e.g. by the caller's finder): the receiver connects to it at once
    /// instead of looking it up first; later look-ups still follow <see cref="Source"/>.
    /// </summary>
    public NdiSource? KnownSource { get; init; }

    /// <summary>The pixel format asked of the runtime (default UYVY, or BGRA for sources with alpha).</summary>
    public NdiColorFormat ColorFormat { get; init; } = NdiColorFormat.UyvyBgra;

    /// <summary>Full resolution or the low-bandwidth proxy.</summary>
    public NdiBandwidth Bandwidth { get; init; } = NdiBandwidth.Highest;

    /// <summary>Whether fields arrive as fields (true) or are woven into progressive frames by the runtime.</summary>
    public bool AllowVideoFields { get; init; } = true;

    /// <summary>The name this receiver shows to the source (e.g. in NDI tools); null for the runtime's default.</summary>
    public string? ReceiverName { get; init; }

    /// <summary>Whether audio is captured and handed to the sink (otherwise the runtime does not queue it for us).</summary>
    public bool CaptureAudio { get; init; }

    /// <summary>How the receiver's own finder looks for the source.</summary>
    public NdiFinderOptions Finder { get; init; } = new();

    /// <summary>
    /// How long without a video frame before the receiver looks the source up again and reconnects if its address
    /// changed (the runtime also retries by itself).
    /// </summary>
    public TimeSpan ReconnectAfter { get; init; } = TimeSpan.FromSeconds(1);
}
