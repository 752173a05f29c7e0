using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using StreamDiffusion.Broadcast.Channels;
using StreamDiffusion.Broadcast.Channels.Inputs;
using StreamDiffusion.Broadcast.Channels.Outputs;
using StreamDiffusion.Broadcast.Configuration;
using StreamDiffusion.Broadcast.Presets;
using StreamDiffusion.Core.Models;
using StreamDiffusion.Core.Pipeline;
using StreamDiffusion.Onnx.Folders;
using StreamDiffusion.Onnx.Sessions;
using StreamDiffusion.Onnx.Synthetic;
using StreamDiffusion.Video.Frames;

namespace StreamDiffusion.Broadcast.Tests.Channels;

/// <summary>Synthetic models at 64×64 built once for the channel tests, on real ONNX Runtime sessions.</summary>
public sealed class SyntheticModels : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("sdb-channel-models-");
    private readonly SessionPool _sessions = new();
    private readonly List<LoadedModelFolder> _loaded = [];

    public SyntheticModels() => SyntheticModelFolder.Write(_folder.FullName, new SyntheticModelOptions { ImageSize = 64, NearIdentity = true });

    /// <summary>The models loaded for <paramref name="parameters"/> (UNet rows follow its guidance mode and steps).</summary>
    public DiffusionModels Load(StreamParameters parameters)
    {
        var loaded = ModelFolder.Load(_folder.FullName, new ModelLoadOptions
        {
            ImageWidth = 64,
            ImageHeight = 64,
            MaxUnetRows = Core.Guidance.ResidualGuidance.UnetRowsFor(parameters.Guidance, parameters.Steps),
        }, _sessions);
        _loaded.Add(loaded);
        return loaded.Models;
    }

    public void Dispose()
    {
        foreach (var loaded in _loaded)
        {
            loaded.Dispose();
        }

        _sessions.Dispose();
        _folder.Delete(recursive: true);
    }
}

/// <summary>An output that records what the pacer sent.</summary>
public sealed class RecordingOutput : IChannelOutput
{
    private readonly List<(long Timecode, int Width, int Height, PixelFormat Format, long At, long Capture)> _sent = [];

    public string Description => "recorder";

    public int Connections { get; set; } = 1;

    public int Count
    {
        get
        {
            lock (_sent)
            {
                return _sent.Count;
            }
        }
    }

    /// <summary>Every frame sent: its timecode, shape, when it was sent and the capture time of the input it shows (0 for none).</summary>
    public IReadOnlyList<(long Timecode, int Width, int Height, PixelFormat Format, long At, long Capture)> Sent
    {
        get
        {
            lock (_sent)
            {
                return [.. _sent];
            }
        }
    }

    public void Send(VideoFrame frame, FrameRate rate, long timecode)
    {
        lock (_sent)
        {
            _sent.Add((timecode, frame.Width, frame.Height, frame.Format, Stopwatch.GetTimestamp(), frame.Provenance.CaptureTimestamp));
        }
    }

    public void Dispose()
    {
    }
}

/// <summary>A test-pattern input that can be paused to simulate a lost source.</summary>
public sealed class PausableInput(IChannelInput inner) : IChannelInput
{
    private volatile bool _paused;

    public string Description => inner.Description;

    public long Delivered;

    public bool Paused
    {
        get => _paused;
        set => _paused = value;
    }

    public void Start(Action<VideoFrame, FrameRate> deliver) => inner.Start((frame, rate) =>
    {
        if (_paused)
        {
            frame.Dispose();
            return;
        }

        Interlocked.Increment(ref Delivered);
        deliver(frame, rate);
    });

    public void Dispose() => inner.Dispose();
}

/// <summary>An input that delivers from <paramref name="first"/> until it has delivered <paramref name="switchAfter"/> frames, then from <paramref name="second"/>.</summary>
public sealed class SwitchingInput(IChannelInput first, IChannelInput second, int switchAfter) : IChannelInput
{
    private int _delivered;

    public string Description => "switching input";

    public void Start(Action<VideoFrame, FrameRate> deliver) => first.Start((frame, rate) =>
    {
        if (Interlocked.Increment(ref _delivered) == switchAfter)
        {
            // The second source takes over from its own thread; this one stops delivering.
            second.Start(deliver);
        }

        if (_delivered > switchAfter)
        {
            frame.Dispose();
            return;
        }

        deliver(frame, rate);
    });

    public void Dispose()
    {
        first.Dispose();
        second.Dispose();
    }
}

/// <summary>Runs one channel on a background task until disposed, and waits for conditions with bounded polling.</summary>
public sealed class RunningChannel : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _run;
    private readonly List<ChannelState> _states = [];

    public RunningChannel(ChannelSettings settings, ChannelParts parts, PresetStore? presets = null)
    {
        Channel = new BroadcastChannel(settings, () => parts, TimeProvider.System, NullLogger.Instance, presets);
        Channel.Status.Changed += s =>
        {
            lock (_states)
            {
                _states.Add(s.State);
            }
        };
        _run = Task.Run(() => Channel.RunAsync(_stop.Token));
    }

    public BroadcastChannel Channel { get; }

    public IReadOnlyList<ChannelState> States
    {
        get
        {
            lock (_states)
            {
                return [.. _states];
            }
        }
    }

    public static ChannelSettings Settings(
        int bypassAfterMs = 1000, InputLossPolicy onLoss = InputLossPolicy.Slate, bool idleWithoutConnections = false, int outputDelayMs = 0, string outputFormat = "") =>
        new()
        {
            Name = "test", Output = "test out", ModelWidth = 64, ModelHeight = 64, BypassAfterMs = bypassAfterMs, OnInputLoss = onLoss,
            IdleWithoutConnections = idleWithoutConnections, OutputDelayMs = outputDelayMs, OutputFormat = outputFormat,
        };

    public async Task UntilAsync(Func<bool> condition, string what, double seconds = 60)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (_run.IsFaulted)
            {
                await _run;
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(seconds), $"timed out after {seconds} s waiting for {what}; status {Channel.Status.Current}; counters {Channel.Counters.Snapshot()}");
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _run;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }
}
