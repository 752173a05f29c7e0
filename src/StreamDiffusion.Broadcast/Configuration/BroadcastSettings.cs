using StreamDiffusion.Video.Geometry;

namespace StreamDiffusion.Broadcast.Configuration;

/// <summary>The station's configuration (appsettings.json in the data root; every field documented there).</summary>
public sealed class BroadcastSettings
{
    /// <summary>The configuration format this build reads.</summary>
    public const int CurrentSchemaVersion = 1;

    /// <summary>Format version of the file; unknown versions are refused.</summary>
    public int SchemaVersion { get; set; }

    /// <summary>Control API settings.</summary>
    public ApiSettings Api { get; set; } = new();

    /// <summary>NDI network settings the service owns.</summary>
    public NdiNetworkSettings Ndi { get; set; } = new();

    /// <summary>The channels: one NDI input, one restyled NDI output each.</summary>
    public List<ChannelSettings> Channels { get; set; } = [];
}

/// <summary>Control API settings.</summary>
public sealed class ApiSettings
{
    /// <summary>Where Kestrel listens; loopback unless the station opens it deliberately.</summary>
    public string Urls { get; set; } = "http://127.0.0.1:7860";

    /// <summary>Host header values served (DNS rebinding guard); loopback names are always allowed.</summary>
    public List<string> AllowedHosts { get; set; } = [];

    /// <summary>Browser origins allowed to make control calls (a control page on another host); none by default.</summary>
    public List<string> AllowedOrigins { get; set; } = [];

    /// <summary>Control calls per second per caller before 429 (bursts of twice this are absorbed).</summary>
    public int ControlRequestsPerSecond { get; set; } = 20;

    /// <summary>Server-sent event streams (<c>GET /api/v1/events</c>) open at once before 503; each holds a connection.</summary>
    public int MaxEventStreams { get; set; } = 16;
}

/// <summary>NDI discovery settings written to the service-owned ndi-config.v1.json.</summary>
public sealed class NdiNetworkSettings
{
    /// <summary>NDI discovery servers (host or host:port).</summary>
    public List<string> DiscoveryServers { get; set; } = [];

    /// <summary>Extra IP addresses to look for sources on other subnets.</summary>
    public List<string> ExtraIps { get; set; } = [];

    /// <summary>Groups our senders publish in and finders look in (NDI's default is "public").</summary>
    public List<string> Groups { get; set; } = [];
}

/// <summary>What the output shows when the input is lost.</summary>
public enum InputLossPolicy
{
    /// <summary>Repeat the last frame.</summary>
    Hold,

    /// <summary>Black.</summary>
    Black,

    /// <summary>A slate saying the input is lost.</summary>
    Slate,
}

/// <summary>One channel: NDI (or test pattern) in, StreamDiffusion, NDI out.</summary>
public sealed class ChannelSettings
{
    /// <summary>Short unique name used by the API, metrics and logs (letters, digits, '-', '_').</summary>
    public string Name { get; set; } = "";

    /// <summary>A disabled channel is validated but not started.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>NDI source: full name <c>MACHINE (Source)</c>, a pattern with <c>*</c>, or <c>test-pattern</c>.</summary>
    public string Input { get; set; } = "test-pattern";

    /// <summary>Name of the NDI source this channel publishes.</summary>
    public string Output { get; set; } = "";

    /// <summary>Model folder, absolute or relative to the data root's models/ folder.</summary>
    public string Model { get; set; } = "";

    /// <summary>ONNX Runtime execution provider: cpu, cuda, tensorrt, directml.</summary>
    public string Provider { get; set; } = "cpu";

    /// <summary>Provider options passed to ONNX Runtime as key/value pairs.</summary>
    public Dictionary<string, string> ProviderOptions { get; set; } = [];

    /// <summary>Model width in pixels (a multiple of 64).</summary>
    public int ModelWidth { get; set; } = 512;

    /// <summary>Model height in pixels (a multiple of 64).</summary>
    public int ModelHeight { get; set; } = 512;

    /// <summary>Geometry between the video frame and the model picture.</summary>
    public FitMode Fit { get; set; } = FitMode.Crop;

    /// <summary>Preset id started with.</summary>
    public string Preset { get; set; } = "";

    /// <summary>
    /// The fixed output delay D: every frame leaves at its input's capture time + D, so latency is constant whatever
    /// the model does. 0 measures D at start-up (the slowest of the first processed frames plus one frame period) and
    /// holds it.
    /// </summary>
    public int OutputDelayMs { get; set; }

    /// <summary>
    /// The output format, fixed for the life of the channel: empty to take it from the first input frame, or
    /// <c>WIDTHxHEIGHT@N/D</c> (e.g. 1920x1080@30000/1001). Later input changes are converted to it.
    /// </summary>
    public string OutputFormat { get; set; } = "";

    /// <summary>Interlaced input: deinterlace to a progressive output (default) or pass the fields through.</summary>
    public InterlacePolicy Interlace { get; set; } = InterlacePolicy.Deinterlace;

    /// <summary>Milliseconds without a processed frame before the output crossfades to the unprocessed input.</summary>
    public int BypassAfterMs { get; set; } = 1000;

    /// <summary>What to show when the input is lost.</summary>
    public InputLossPolicy OnInputLoss { get; set; } = InputLossPolicy.Slate;

    /// <summary>Stop running the model while nobody is connected to the output (resumes on connect).</summary>
    public bool IdleWithoutConnections { get; set; }
}
