using StreamDiffusion.Broadcast.Channels.Inputs;
using StreamDiffusion.Broadcast.Channels.Outputs;
using StreamDiffusion.Broadcast.Configuration;
using StreamDiffusion.Broadcast.Hosting;
using StreamDiffusion.Broadcast.Presets;
using StreamDiffusion.Core.Guidance;
using StreamDiffusion.Core.Pipeline;
using StreamDiffusion.Onnx.Folders;
using StreamDiffusion.Onnx.Sessions;
using StreamDiffusion.Onnx.Synthetic;
using StreamDiffusion.Video.Frames;

namespace StreamDiffusion.Broadcast.Channels;

/// <summary>
/// Builds each configured channel's parts: loads its model folder (or the synthetic models of
/// <c>--synthetic-model</c>), maps its starting preset to pipeline parameters, opens its input and output. Anything
/// missing becomes a reason the channel reports while it carries the unprocessed input, never a crash.
/// </summary>
public sealed partial class ChannelFactory(
    DataRoot dataRoot, NdiHost ndi, PresetStore presets, SessionPool sessions, RunRequest request, TimeProvider time, ILogger<ChannelFactory> logger)
{
    /// <summary>Channels for every enabled entry of <paramref name="settings"/>.</summary>
    public IReadOnlyList<BroadcastChannel> Create(BroadcastSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return [.. settings.Channels.Where(c => c.Enabled).Select(c => new BroadcastChannel(c, () => Build(c), time, logger, presets))];
    }

    private ChannelParts Build(ChannelSettings channel)
    {
        var pool = new VideoFramePool();
        IChannelInput input = string.Equals(channel.Input, "test-pattern", StringComparison.OrdinalIgnoreCase) || ndi.Runtime is null
            ? new TestPatternInput(1280, 720, FrameRate.Default, pool)
            : new NdiChannelInput(ndi.Runtime, channel.Input, pool);
        IChannelOutput output = ndi.Runtime is null
            ? new DiscardingOutput($"NDI runtime missing: {ndi.Reason}")
            : new NdiChannelOutput(ndi.Runtime, channel.Output, []);
        if (ndi.Runtime is null)
        {
            LogNoNdi(logger, channel.Name, ndi.Reason);
        }

        var (pipeline, reason) = LoadPipeline(channel);
        return new ChannelParts(pipeline, reason, input, output);
    }

    private (StreamPipeline? Pipeline, string Reason) LoadPipeline(ChannelSettings channel)
    {
        var folder = request.SyntheticModel ? SyntheticFolder(channel) : ModelFolderOf(channel);
        if (folder is null)
        {
            return (null, "no model is configured; the unprocessed input is on air (set the channel's Model to a folder in the data root's models folder, see docs/onnx-models.md)");
        }

        var parameters = PresetParameters.For(presets.Current.Presets.GetValueOrDefault(channel.Preset), GuidanceMode.Self);
        try
        {
            var loaded = ModelFolder.Load(folder, LoadOptions(channel, parameters), sessions);
            foreach (var warning in loaded.Warnings)
            {
                LogModelWarning(logger, channel.Name, warning);
            }

            return (new StreamPipeline(loaded.Models, parameters), "");
        }
        catch (Exception e) when (e is ModelFolderException or ExecutionProviderException or ArgumentException or IOException)
        {
            LogModelFailed(logger, channel.Name, e.Message);
            return (null, $"the model could not be loaded, so the unprocessed input is on air: {e.Message}");
        }
    }

    /// <summary>
    /// The model folder <paramref name="channel"/> loads (the synthetic one under <c>--synthetic-model</c>, built when
    /// the channel starts), or null when it has no <c>Model</c> setting.
    /// </summary>
    public string? ModelFolderOf(ChannelSettings channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        return request.SyntheticModel ? SyntheticFolderPath(channel) : channel.Model.Length == 0 ? null : dataRoot.ModelFolderFor(channel.Model);
    }

    /// <summary>How a channel loads its models: its size and provider, and UNet rows for the parameters' guidance mode and steps.</summary>
    public static ModelLoadOptions LoadOptions(ChannelSettings channel, StreamParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(parameters);
        return new ModelLoadOptions
        {
            ImageWidth = channel.ModelWidth,
            ImageHeight = channel.ModelHeight,
            MaxUnetRows = ResidualGuidance.UnetRowsFor(parameters.Guidance, parameters.Steps),
            Provider = new ExecutionProviderSettings { Name = channel.Provider, Options = channel.ProviderOptions },
        };
    }

    // Synthetic models at the channel's model size, built once into the data root's cache (the demo mode and tests).
    private string SyntheticFolder(ChannelSettings channel)
    {
        var folder = SyntheticFolderPath(channel);
        if (!File.Exists(Path.Combine(folder, ModelManifest.FileName)))
        {
            if (channel.ModelWidth != channel.ModelHeight)
            {
                throw new ArgumentException($"--synthetic-model builds square models; set ModelWidth and ModelHeight of channel {channel.Name} equal (e.g. 512).");
            }

            SyntheticModelFolder.Write(folder, new SyntheticModelOptions { ImageSize = channel.ModelWidth, NearIdentity = true });
        }

        return folder;
    }

    private string SyntheticFolderPath(ChannelSettings channel) =>
        Path.Combine(dataRoot.StateFolder, "cache", $"synthetic-{channel.ModelWidth}x{channel.ModelHeight}");

    [LoggerMessage(Level = LogLevel.Warning, Message = "Channel {Channel}: no NDI runtime, so the test pattern feeds it and nothing is published: {Reason}")]
    private static partial void LogNoNdi(ILogger logger, string channel, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Channel {Channel}: model: {Warning}")]
    private static partial void LogModelWarning(ILogger logger, string channel, string warning);

    [LoggerMessage(Level = LogLevel.Error, Message = "Channel {Channel}: the model could not be loaded: {Reason}")]
    private static partial void LogModelFailed(ILogger logger, string channel, string reason);
}
