using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using StreamDiffusion.Broadcast.Channels;
using StreamDiffusion.Broadcast.Channels.Inputs;
using StreamDiffusion.Broadcast.Channels.Outputs;
using StreamDiffusion.Broadcast.Configuration;
using StreamDiffusion.Core.Guidance;
using StreamDiffusion.Core.Pipeline;
using StreamDiffusion.Onnx.Folders;
using StreamDiffusion.Onnx.Sessions;
using StreamDiffusion.Onnx.Synthetic;
using StreamDiffusion.Video.Frames;

namespace StreamDiffusion.Broadcast.Benchmarks;

/// <summary>What <see cref="PacerBenchmark"/> measured once the channel was live.</summary>
/// <param name="Delay">The output delay D in force.</param>
/// <param name="Counters">The channel's counters over the measured span.</param>
/// <param name="LatencyMs">Send − capture of the input shown, per frame sent: min, p50, p95, p99, max.</param>
/// <param name="IntervalMs">Time between consecutive sends: min, p50, p95, p99, max.</param>
/// <param name="PeriodMs">The output frame period.</param>
/// <param name="AllocatedBytesPerFrame">Managed bytes allocated by the whole process per frame sent over the span.</param>
/// <param name="Gen2Collections">Full garbage collections during the span.</param>
/// <param name="WorkingSetMiB">The process working set at the start and at the end of the span.</param>
public sealed record PacerTiming(
    TimeSpan Delay, ChannelCountersSnapshot Counters, double[] LatencyMs, double[] IntervalMs, double PeriodMs,
    double AllocatedBytesPerFrame, int Gen2Collections, (double Start, double End) WorkingSetMiB);

/// <summary>
/// Runs one real channel in process (the built-in test pattern → the StreamDiffusion pipeline on near-identity synthetic
/// models → a timing output) and measures what the output delay and the pacer promise: every frame leaving at its
/// capture + D, and one frame each period. The similarity filter is off, so every frame's picture is its own input's.
/// </summary>
public static class PacerBenchmark
{
    /// <summary>Measures for <paramref name="seconds"/> once the channel is live.</summary>
    public static async Task<PacerTiming> RunAsync(
        (int Width, int Height) video, int modelSize, FrameRate rate, double seconds, int outputDelayMs, CancellationToken cancellationToken)
    {
        var folder = Directory.CreateTempSubdirectory("sdb-bench-pacer-");
        try
        {
            SyntheticModelFolder.Write(folder.FullName, new SyntheticModelOptions { ImageSize = modelSize, NearIdentity = true });
            var parameters = new StreamParameters { Prompt = "a watercolour painting", StepIndices = [32, 45], Guidance = GuidanceMode.Self };
            var settings = new ChannelSettings
            {
                Name = "bench", Output = "bench", ModelWidth = modelSize, ModelHeight = modelSize, OutputDelayMs = outputDelayMs,
            };
            using var sessions = new SessionPool();
            using var loaded = ModelFolder.Load(folder.FullName, Channels.ChannelFactory.LoadOptions(settings, parameters), sessions);
            var output = new TimingOutput();
            var channel = new BroadcastChannel(settings,
                () => new ChannelParts(new StreamPipeline(loaded.Models, parameters), "", new TestPatternInput(video.Width, video.Height, rate, new VideoFramePool()), output),
                TimeProvider.System, NullLogger.Instance);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var running = channel.RunAsync(stop.Token);
            try
            {
                var deadline = Stopwatch.StartNew();
                while (channel.Status.Current.State != ChannelState.Live)
                {
                    if (deadline.Elapsed > TimeSpan.FromMinutes(2) || running.IsCompleted)
                    {
                        throw new InvalidOperationException($"the channel did not go live: {channel.Status.Current.Reason}");
                    }

                    await Task.Delay(50, cancellationToken).ConfigureAwait(false);
                }

                var before = channel.Counters.Snapshot();
                output.Reset();
                var allocated = GC.GetTotalAllocatedBytes(precise: true);
                var gen2 = GC.CollectionCount(2);
                var workingSet = Environment.WorkingSet;
                await Task.Delay(TimeSpan.FromSeconds(seconds), cancellationToken).ConfigureAwait(false);
                var after = channel.Counters.Snapshot();
                var allocatedPerFrame = (double)(GC.GetTotalAllocatedBytes(precise: true) - allocated) / Math.Max(1, after.FramesOut - before.FramesOut);
                var (latencies, intervals) = output.Take();
                return new PacerTiming(
                    channel.OutputDelay ?? TimeSpan.Zero, Difference(before, after), Percentiles(latencies), Percentiles(intervals), 1000.0 * rate.RateD / rate.RateN,
                    allocatedPerFrame, GC.CollectionCount(2) - gen2, (workingSet / 1048576.0, Environment.WorkingSet / 1048576.0));
            }
            finally
            {
                await stop.CancelAsync().ConfigureAwait(false);
                try
                {
                    await running.ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                }
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static ChannelCountersSnapshot Difference(ChannelCountersSnapshot a, ChannelCountersSnapshot b) => b with
    {
        FramesIn = b.FramesIn - a.FramesIn,
        Processed = b.Processed - a.Processed,
        Skipped = b.Skipped - a.Skipped,
        FramesOut = b.FramesOut - a.FramesOut,
        Repeated = b.Repeated - a.Repeated,
        TimerFrames = b.TimerFrames - a.TimerFrames,
        Dropped = b.Dropped - a.Dropped,
        NanDropped = b.NanDropped - a.NanDropped,
        MissedSlots = b.MissedSlots - a.MissedSlots,
    };

    // min, p50, p95, p99, max (nearest rank); zeros when nothing was measured.
    private static double[] Percentiles(List<double> values)
    {
        if (values.Count == 0)
        {
            return [0, 0, 0, 0, 0];
        }

        values.Sort();
        double At(double p) => values[Math.Clamp((int)Math.Ceiling(p * values.Count) - 1, 0, values.Count - 1)];
        return [values[0], At(0.50), At(0.95), At(0.99), values[^1]];
    }

    // Records, per frame sent, the send instant and the capture of the input it shows (no frame data is kept).
    private sealed class TimingOutput : IChannelOutput
    {
        private readonly Lock _lock = new();
        private List<double> _latencies = [];
        private List<double> _intervals = [];
        private long _lastSend;

        public string Description => "timing";

        public int Connections => 1;

        public void Send(VideoFrame frame, FrameRate rate, long timecode)
        {
            var now = Stopwatch.GetTimestamp();
            lock (_lock)
            {
                if (frame.Provenance.CaptureTimestamp > 0)
                {
                    _latencies.Add(Stopwatch.GetElapsedTime(frame.Provenance.CaptureTimestamp, now).TotalMilliseconds);
                }

                if (_lastSend != 0)
                {
                    _intervals.Add(Stopwatch.GetElapsedTime(_lastSend, now).TotalMilliseconds);
                }

                _lastSend = now;
            }
        }

        public void Reset()
        {
            lock (_lock)
            {
                (_latencies, _intervals, _lastSend) = ([], [], 0);
            }
        }

        public (List<double> Latencies, List<double> Intervals) Take()
        {
            lock (_lock)
            {
                return (_latencies, _intervals);
            }
        }

        public void Dispose()
        {
        }
    }
}
