using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using StreamDiffusion.Ndi;
using StreamDiffusion.Testing;

namespace StreamDiffusion.Broadcast.Tests;

/// <summary>
/// The published sdbroadcast's <c>ndi</c> verbs as child processes, against the real NDI runtime in the loopback-only
/// namespace; the test process holds the other end (its own senders and receivers) through StreamDiffusion.Ndi.
/// </summary>
[Collection(TestCollections.EndToEnd)]
public sealed partial class NdiVerbProcessTests : IClassFixture<NdiTestRuntime>
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);
    private readonly NdiTestRuntime _ndi;
    private readonly NdiRuntime _runtime;

    public NdiVerbProcessTests(NdiTestRuntime ndi)
    {
        _ndi = ndi;
        Assert.True(NdiRuntime.TryLoad(NdiRuntimeSearch.ForThisMachine(), out var runtime, out var reason), reason);
        _runtime = runtime;
    }

    private Task<ProcessResult> RunAsync(string[] arguments, Action<ProcessStartInfo>? configure = null) =>
        ChildProcess.RunSdBroadcastAsync(arguments, s_timeout, start =>
        {
            _ndi.ApplyTo(start);
            configure?.Invoke(start);
        }, TestContext.Current.CancellationToken);

    [Fact]
    public async Task Sources_lists_a_sender_as_json()
    {
        using var sender = new NdiSender(_runtime, new NdiSenderOptions { Name = NdiTestRuntime.UniqueSourceName("listed") });

        var result = await ListUntilAsync(["ndi", "sources", "--wait", "2", "--json"], sender.PublishedName);

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.StandardOutput);
        var listed = json.RootElement.EnumerateArray().Single(s => s.GetProperty("name").GetString() == sender.PublishedName);
        // Discovery in the test namespace spans 127.0.0.1–127.0.0.12 (NdiTestRuntime.LoopbackConfigJson).
        Assert.Matches(@"^127\.0\.0\.\d+:\d+$", listed.GetProperty("url").GetString());
    }

    [Fact]
    public async Task Network_settings_written_by_the_service_change_what_the_finder_sees()
    {
        var group = $"sdbgroup{Environment.ProcessId}";
        using var open = new NdiSender(_runtime, new NdiSenderOptions { Name = NdiTestRuntime.UniqueSourceName("open") });
        using var grouped = new NdiSender(_runtime, new NdiSenderOptions { Name = NdiTestRuntime.UniqueSourceName("grouped"), Groups = [group] });
        var dataRoot = _ndi.CreatePrivateTempFolder();

        // No NDI_CONFIG_DIR: the verb writes <data-root>/ndi/ndi-config.v1.json from its options and points the runtime there.
        static void WithoutConfigDir(ProcessStartInfo start) => start.Environment.Remove("NDI_CONFIG_DIR");
        var publicView = await ListUntilAsync(
            ["ndi", "sources", "--wait", "2", "--json", "--data-root", dataRoot, "--ndi-extra-ips", "127.0.0.1"], open.PublishedName, WithoutConfigDir);
        var groupView = await ListUntilAsync(
            ["ndi", "sources", "--wait", "2", "--json", "--data-root", dataRoot, "--ndi-extra-ips", "127.0.0.1", "--ndi-recv-groups", group],
            grouped.PublishedName, WithoutConfigDir);

        Assert.True(publicView.ExitCode == 0, publicView.ToString());
        Assert.True(groupView.ExitCode == 0, groupView.ToString());
        Assert.Equal([open.PublishedName], Names(publicView).Intersect([open.PublishedName, grouped.PublishedName]));
        Assert.Equal([grouped.PublishedName], Names(groupView).Intersect([open.PublishedName, grouped.PublishedName]));
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(dataRoot, "ndi", "ndi-config.v1.json")));
        Assert.Equal(group, config.RootElement.GetProperty("ndi").GetProperty("groups").GetProperty("recv").GetString());
    }

    [Fact]
    public async Task Test_pattern_carries_the_frame_number_in_timecode_and_metadata()
    {
        var name = NdiTestRuntime.UniqueSourceName("bars");
        var sink = new FrameLog();
        var sending = RunAsync(["ndi", "test-pattern", "--name", name, "--size", "320x180", "--rate", "30/1", "--seconds", "6"]);
        var selector = NdiSourceSelector.ByPattern($"* ({name})");
        NdiSource? found;
        using (var finder = new NdiFinder(_runtime))
        {
            found = finder.WaitFor(selector, TimeSpan.FromSeconds(30));
        }

        Assert.NotNull(found);
        using (var receiver = new NdiReceiver(_runtime, new NdiReceiverOptions { Source = selector, KnownSource = found }, sink))
        {
            Assert.True(sink.WaitForFrames(10, TimeSpan.FromSeconds(20)), $"only {sink.Count} frames arrived; {receiver.GetStatistics()}");
        }

        var result = await sending;
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Sent 180 frames.", result.StandardOutput, StringComparison.Ordinal);
        foreach (var frame in sink.Frames)
        {
            Assert.Equal((320, 180, NdiFourCC.UYVY, 30, 1, NdiFrameFormat.Progressive), (frame.Width, frame.Height, frame.FourCC, frame.RateN, frame.RateD, frame.Format));
            Assert.Equal(frame.MetadataFrame, NdiTimecode.ToFrameNumber(frame.Timecode, 30, 1));
        }

        var numbers = sink.Frames.Select(f => f.MetadataFrame).ToList();
        Assert.Equal(numbers.Order(), numbers);
    }

    [Fact]
    public async Task Probe_reports_an_interlaced_test_pattern_from_its_timestamps()
    {
        // The machine part of the name comes from the runtime, as the operator would read it from `ndi sources`.
        string machine;
        using (var reference = new NdiSender(_runtime, new NdiSenderOptions { Name = NdiTestRuntime.UniqueSourceName("machine") }))
        {
            machine = reference.PublishedName[..reference.PublishedName.IndexOf(" (", StringComparison.Ordinal)];
        }

        var name = NdiTestRuntime.UniqueSourceName("probed");
        var sending = RunAsync(["ndi", "test-pattern", "--name", name, "--size", "320x180", "--rate", "30000/1001", "--interlaced", "--seconds", "10"]);

        // Probe once the pattern is on the air, so a slow start of the sender on a busy machine does not count as "not found".
        using (var finder = new NdiFinder(_runtime))
        {
            Assert.NotNull(finder.WaitFor(NdiSourceSelector.ByName($"{machine} ({name})"), TimeSpan.FromSeconds(30)));
        }

        var probe = await RunAsync(["ndi", "probe", "--source", $"{machine} ({name})", "--seconds", "3", "--wait", "10", "--json"]);
        var sent = await sending;
        Assert.True(sent.ExitCode == 0, sent.ToString());

        Assert.True(probe.ExitCode == 0, probe.ToString());
        using var json = JsonDocument.Parse(probe.StandardOutput);
        var report = json.RootElement;
        Assert.Equal(
            ["source", "width", "height", "fourcc", "rateN", "rateD", "frameFormat", "frames", "fps", "dropped", "maxIntervalMs", "timecodeSeconds", "timecodeBackwards"],
            report.EnumerateObject().Select(p => p.Name));
        Assert.Equal($"{machine} ({name})", report.GetProperty("source").GetString());
        Assert.Equal((320, 180), (report.GetProperty("width").GetInt32(), report.GetProperty("height").GetInt32()));
        Assert.Equal("UYVY", report.GetProperty("fourcc").GetString());
        Assert.Equal((30000, 1001), (report.GetProperty("rateN").GetInt32(), report.GetProperty("rateD").GetInt32()));
        Assert.Equal("interleaved", report.GetProperty("frameFormat").GetString());
        // A clocked 29.97 fps sender, measured by its own submit timestamps; the bounds leave room for a machine so
        // busy that the sender is late now and then, while a wrong unit or formula would land far outside them.
        Assert.InRange(report.GetProperty("frames").GetInt64(), 5, 3 * 30 + 10);
        Assert.InRange(report.GetProperty("fps").GetDouble(), 29.97 * 0.75, 29.97 * 1.25);
        Assert.Equal(0, report.GetProperty("dropped").GetInt64());
        Assert.InRange(report.GetProperty("maxIntervalMs").GetDouble(), 1000 / 29.97 * 0.5, 1000);
        // Frame n carries timecode n·1001/30000 s: the span covers the frames received, none went backwards.
        var frames = report.GetProperty("frames").GetInt64();
        Assert.Equal(0, report.GetProperty("timecodeBackwards").GetInt64());
        Assert.InRange(report.GetProperty("timecodeSeconds").GetDouble(), ((frames - 1) * 1001 / 30000.0) - 0.001, ((frames + 5) * 1001 / 30000.0) + 0.001);
    }

    [Fact]
    public async Task Probe_of_an_unknown_source_exits_1_naming_it()
    {
        var result = await RunAsync(["ndi", "probe", "--source", "NOWHERE (no such source)", "--wait", "1", "--seconds", "1"]);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("'NOWHERE (no such source)' was not found within 1 s", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("ndi sources", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Test_pattern_with_a_name_already_in_use_exits_1_with_the_fix()
    {
        var name = NdiTestRuntime.UniqueSourceName("taken");
        using var holder = new NdiSender(_runtime, new NdiSenderOptions { Name = name });

        // The same TMPDIR as this process, where the runtime keeps its per-name lock.
        var result = await RunAsync(["ndi", "test-pattern", "--name", name, "--seconds", "1"], start => start.Environment["TMPDIR"] = Path.GetTempPath());

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains($"'{name}'", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("Choose another name", result.StandardError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sources")]
    [InlineData("probe", "--source", "X (y)")]
    [InlineData("test-pattern", "--name", "y")]
    public async Task Missing_runtime_exits_1_listing_the_paths_tried_and_the_download_link(params string[] verb)
    {
        var result = await RunAsync(["ndi", .. verb], start =>
        {
            start.Environment.Remove("NDI_RUNTIME_DIR_V5");
            start.Environment.Remove("NDI_RUNTIME_DIR_V6");
        });

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal("", result.StandardOutput);
        Assert.Contains("The NDI runtime was not found", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("libndi.so.5 (no such file)", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("https://ndi.video/", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", result.StandardError, StringComparison.Ordinal);
    }

    // Without mDNS every listing comes from extra-IP queries, each answered by one NDI process on this machine (see
    // NdiFinder); when other test processes hold senders too, a listing may miss ours, so up to three listings are taken.
    private async Task<ProcessResult> ListUntilAsync(string[] arguments, string expected, Action<ProcessStartInfo>? configure = null)
    {
        ProcessResult result = null!;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            result = await RunAsync(arguments, configure);
            if (result.ExitCode != 0 || Names(result).Contains(expected))
            {
                break;
            }
        }

        return result;
    }

    private static IEnumerable<string> Names(ProcessResult result)
    {
        using var json = JsonDocument.Parse(result.StandardOutput);
        return json.RootElement.EnumerateArray().Select(s => s.GetProperty("name").GetString()!).ToList();
    }

    /// <summary>Records received frames for the test-pattern test (allocation is fine here; the Ndi tests cover that).</summary>
    private sealed partial class FrameLog : INdiVideoSink
    {
        private readonly List<(int Width, int Height, NdiFourCC FourCC, int RateN, int RateD, NdiFrameFormat Format, long Timecode, long MetadataFrame)> _frames = [];

        public int Count
        {
            get
            {
                lock (_frames)
                {
                    return _frames.Count;
                }
            }
        }

        public IReadOnlyList<(int Width, int Height, NdiFourCC FourCC, int RateN, int RateD, NdiFrameFormat Format, long Timecode, long MetadataFrame)> Frames
        {
            get
            {
                lock (_frames)
                {
                    return [.. _frames];
                }
            }
        }

        public void OnVideoFrame(in NdiVideoFrame frame)
        {
            var match = FrameAttribute().Match(System.Text.Encoding.UTF8.GetString(frame.Metadata));
            lock (_frames)
            {
                _frames.Add((frame.Width, frame.Height, frame.FourCC, frame.RateN, frame.RateD, frame.FrameFormat, frame.Timecode,
                    match.Success ? long.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : -1));
            }
        }

        public bool WaitForFrames(int count, TimeSpan timeout)
        {
            var clock = Stopwatch.StartNew();
            while (Count < count && clock.Elapsed < timeout)
            {
                Thread.Sleep(20);
            }

            return Count >= count;
        }

        [GeneratedRegex("""<sdb_test_pattern frame="(\d+)"/>""")]
        private static partial Regex FrameAttribute();
    }
}
