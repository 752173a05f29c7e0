using StreamDiffusion.Testing;

namespace StreamDiffusion.Ndi.Tests.Loopback;

/// <summary>
/// Send → find → receive with the real NDI runtime inside the loopback-only namespace, at 320×180. Assertions use
/// frame counts, metadata, timecodes and NDI timestamps; waits are bounded and only decide when to look.
/// </summary>
[Collection(TestCollections.EndToEnd)]
public sealed class NdiLoopbackTests(LoadedNdi ndi) : IClassFixture<LoadedNdi>
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(20);
    private static readonly NdiVideoFormat s_uyvy = new(320, 180, NdiFourCC.UYVY, 30, 1);

    private NdiRuntime Runtime => ndi.Runtime;

    private NdiReceiver Receive(string publishedName, INdiVideoSink sink, NdiColorFormat color = NdiColorFormat.UyvyBgra, bool audio = false) =>
        new(Runtime, new NdiReceiverOptions { Source = NdiSourceSelector.ByName(publishedName), ColorFormat = color, CaptureAudio = audio }, sink);

    [Fact]
    public void Runtime_is_found_through_NDI_RUNTIME_DIR_V5_and_reports_its_version()
    {
        Assert.Equal(ndi.Environment.LibraryPath, Runtime.LibraryPath);
        Assert.Equal("NDIlib_v5_load", Runtime.LoadEntry);
        Assert.Equal(5, Runtime.Version.Major);
        Assert.StartsWith("NDI SDK", Runtime.VersionText, StringComparison.Ordinal);
    }

    [Fact]
    public void Sender_reads_back_its_published_name_and_a_duplicate_name_is_refused()
    {
        var name = NdiTestRuntime.UniqueSourceName("name");
        using var sender = new NdiSender(Runtime, new NdiSenderOptions { Name = name });

        Assert.EndsWith($" ({name})", sender.PublishedName, StringComparison.Ordinal);
        Assert.Equal(sender.PublishedName.ToUpperInvariant()[..^(name.Length + 3)], sender.PublishedName[..^(name.Length + 3)]);
        var duplicate = Assert.Throws<InvalidOperationException>(() => new NdiSender(Runtime, new NdiSenderOptions { Name = name }));
        Assert.Contains(name, duplicate.Message, StringComparison.Ordinal);
        Assert.Contains("already", duplicate.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Finder_lists_a_sender_and_groups_decide_who_sees_it()
    {
        var group = $"sdbtest{Environment.ProcessId}";
        using var open = new NdiSender(Runtime, new NdiSenderOptions { Name = NdiTestRuntime.UniqueSourceName("public") });
        using var hidden = new NdiSender(Runtime, new NdiSenderOptions { Name = NdiTestRuntime.UniqueSourceName("grouped"), Groups = [group] });
        using var publicFinder = new NdiFinder(Runtime);
        using var groupFinder = new NdiFinder(Runtime, new NdiFinderOptions { Groups = [group] });

        var found = publicFinder.WaitFor(NdiSourceSelector.ByName(open.PublishedName), s_wait);
        var foundInGroup = groupFinder.WaitFor(NdiSourceSelector.ByName(hidden.PublishedName), s_wait);

        Assert.NotNull(found);
        Assert.NotEqual("", found.Url);
        Assert.NotNull(foundInGroup);
        Assert.DoesNotContain(publicFinder.GetCurrentSources(), s => s.Name == hidden.PublishedName);
        Assert.DoesNotContain(groupFinder.GetCurrentSources(), s => s.Name == open.PublishedName);
    }

    [Fact]
    public void Collecting_renews_the_finder_and_keeps_every_source_it_saw()
    {
        using var first = new NdiSender(Runtime, new NdiSenderOptions { Name = NdiTestRuntime.UniqueSourceName("collect-a") });
        using var second = new NdiSender(Runtime, new NdiSenderOptions { Name = NdiTestRuntime.UniqueSourceName("collect-b") });
        using var finder = new NdiFinder(Runtime);

        var names = finder.Collect(TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(300)).Select(s => s.Name).ToList();

        Assert.Contains(first.PublishedName, names);
        Assert.Contains(second.PublishedName, names);
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
    }

    public static TheoryData<NdiFourCC, NdiColorFormat, NdiFourCC> ColourFormats => new()
    {
        // Opaque source (UYVY): research/ndi.md §1.5, "no-alpha source gives".
        { NdiFourCC.UYVY, NdiColorFormat.BgrxBgra, NdiFourCC.BGRX },
        { NdiFourCC.UYVY, NdiColorFormat.UyvyBgra, NdiFourCC.UYVY },
        { NdiFourCC.UYVY, NdiColorFormat.RgbxRgba, NdiFourCC.RGBX },
        { NdiFourCC.UYVY, NdiColorFormat.UyvyRgba, NdiFourCC.UYVY },
        { NdiFourCC.UYVY, NdiColorFormat.Fastest, NdiFourCC.UYVY },
        { NdiFourCC.UYVY, NdiColorFormat.Best, NdiFourCC.P216 },

        // Source with alpha (BGRA): "alpha source gives".
        { NdiFourCC.BGRA, NdiColorFormat.UyvyBgra, NdiFourCC.BGRA },
        { NdiFourCC.BGRA, NdiColorFormat.UyvyRgba, NdiFourCC.RGBA },
        { NdiFourCC.BGRA, NdiColorFormat.Fastest, NdiFourCC.UYVA },
    };

    [Theory]
    [MemberData(nameof(ColourFormats))]
    public void Receives_in_the_requested_colour_format_with_rate_timecode_and_metadata(NdiFourCC sent, NdiColorFormat requested, NdiFourCC expected)
    {
        using var sender = new TestPatternSender(Runtime, NdiTestRuntime.UniqueSourceName("colour"), s_uyvy with { FourCC = sent });
        var sink = new RecordingSink();
        using var receiver = Receive(sender.PublishedName, sink, requested);

        Assert.True(sink.WaitForFrames(6, s_wait), $"only {sink.Count} frames arrived; {receiver.GetStatistics()}");
        foreach (var frame in sink.Snapshot())
        {
            Assert.Equal((320, 180), (frame.Width, frame.Height));
            Assert.Equal(expected, frame.FourCC);
            Assert.Equal((30, 1), (frame.RateN, frame.RateD));
            Assert.Equal(NdiFrameFormat.Progressive, frame.FrameFormat);
            Assert.Equal(NdiVideoLayout.BufferSize(expected, 320, 180, NdiVideoLayout.DefaultStride(expected, 320)), frame.DataLength);

            // Metadata, timecode and pixels all name the same frame: nothing was overwritten while the runtime held it.
            Assert.True(frame.MetadataFrame >= 0, $"frame without our metadata: {frame}");
            Assert.Equal(frame.MetadataFrame, NdiTimecode.ToFrameNumber(frame.Timecode, 30, 1));
            Assert.InRange(frame.Grey, GreyCode.Level(frame.MetadataFrame) - GreyCode.Tolerance, GreyCode.Level(frame.MetadataFrame) + GreyCode.Tolerance);
        }

        var stats = receiver.GetStatistics();
        Assert.True(stats.IsConnected, stats.ToString());
        Assert.Equal(sender.PublishedName, stats.Source?.Name);
    }

    [Fact]
    public void Timestamps_follow_the_clocked_frame_rate()
    {
        using var sender = new TestPatternSender(Runtime, NdiTestRuntime.UniqueSourceName("clock"), s_uyvy);
        var sink = new RecordingSink();
        using var receiver = Receive(sender.PublishedName, sink);

        Assert.True(sink.WaitForFrames(31, s_wait), $"only {sink.Count} frames arrived");
        var frames = sink.Snapshot();
        var first = frames[0];
        var last = frames[30];

        // A clocked sender submits one frame per 1/30 s; the runtime's submit timestamps show it (±15 %).
        var seconds = (last.Timestamp - first.Timestamp) / (double)NdiTimecode.TicksPerSecond;
        var sentFrames = last.MetadataFrame - first.MetadataFrame;
        Assert.InRange(seconds / sentFrames, 0.85 / 30, 1.15 / 30);
    }

    [Fact]
    public void Receiver_connects_by_pattern()
    {
        var name = NdiTestRuntime.UniqueSourceName("pattern");
        using var sender = new TestPatternSender(Runtime, name, s_uyvy);
        var sink = new RecordingSink();
        using var receiver = new NdiReceiver(Runtime, new NdiReceiverOptions { Source = NdiSourceSelector.Parse($"* ({name})") }, sink);

        Assert.True(sink.WaitForFrames(3, s_wait), $"only {sink.Count} frames arrived");
        Assert.Equal(sender.PublishedName, receiver.GetStatistics().Source?.Name);
    }

    [Fact]
    public void Receiver_connects_at_once_to_a_source_it_is_given()
    {
        using var sender = new TestPatternSender(Runtime, NdiTestRuntime.UniqueSourceName("known"), s_uyvy);
        NdiSource? known;
        using (var finder = new NdiFinder(Runtime))
        {
            known = finder.WaitFor(NdiSourceSelector.ByName(sender.PublishedName), s_wait);
        }

        Assert.NotNull(known);
        var sink = new RecordingSink();

        // Its own finder looks in a group nobody publishes in, so frames can only come through the given source.
        using var receiver = new NdiReceiver(Runtime, new NdiReceiverOptions
        {
            Source = NdiSourceSelector.ByName(known.Name),
            KnownSource = known,
            Finder = new NdiFinderOptions { Groups = [$"nobody{Environment.ProcessId}"] },
        }, sink);

        Assert.True(sink.WaitForFrames(3, s_wait), $"only {sink.Count} frames arrived");
        Assert.Throws<ArgumentException>(() => new NdiReceiver(
            Runtime, new NdiReceiverOptions { Source = NdiSourceSelector.ByName("OTHER (x)"), KnownSource = known }, new RecordingSink()));
    }

    [Fact]
    public void Sender_sees_the_connection_and_the_receivers_tally()
    {
        using var sender = new TestPatternSender(Runtime, NdiTestRuntime.UniqueSourceName("tally"), s_uyvy);
        var sink = new RecordingSink();
        using var receiver = Receive(sender.PublishedName, sink);
        Assert.True(sink.WaitForFrames(2, s_wait), $"only {sink.Count} frames arrived");

        Assert.Equal(1, sender.Sender.GetConnectionCount(TimeSpan.FromSeconds(5)));
        receiver.SetTally(onProgram: true, onPreview: false);
        var tally = default(NdiTally);
        for (var attempt = 0; attempt < 40 && !tally.OnProgram; attempt++)
        {
            sender.Sender.TryGetTally(TimeSpan.FromMilliseconds(250), out tally);
        }

        Assert.Equal(new NdiTally(OnProgram: true, OnPreview: false), tally);
    }

    [Fact]
    public void Receiver_reconnects_after_the_sender_restarts()
    {
        var name = NdiTestRuntime.UniqueSourceName("restart");
        var sink = new RecordingSink();
        NdiReceiver receiver;
        using (var first = new TestPatternSender(Runtime, name, s_uyvy))
        {
            receiver = Receive(first.PublishedName, sink);
            Assert.True(sink.WaitForFrames(5, s_wait), $"only {sink.Count} frames arrived from the first sender");
        }

        using (receiver)
        {
            var before = sink.Count;

            // The restarted sender numbers its frames from 100000, so its frames are told apart by their metadata.
            using var second = new TestPatternSender(Runtime, name, s_uyvy, firstFrame: 100_000);
            Assert.True(
                sink.WaitUntil(s => s.Snapshot().Skip(before).Count(f => f.MetadataFrame >= 100_000) >= 5, TimeSpan.FromSeconds(30)),
                $"no frames from the restarted sender; {receiver.GetStatistics()}");
            var stats = receiver.GetStatistics();
            Assert.True(stats.IsConnected, stats.ToString());
            Assert.Equal(second.PublishedName, stats.Source?.Name);
        }
    }

    [Fact]
    public void Interleaved_source_is_reported_as_interleaved_with_its_exact_rate()
    {
        var format = new NdiVideoFormat(320, 180, NdiFourCC.UYVY, 30000, 1001, NdiFrameFormat.Interleaved);
        using var sender = new TestPatternSender(Runtime, NdiTestRuntime.UniqueSourceName("interleaved"), format);
        var sink = new RecordingSink();
        using var receiver = Receive(sender.PublishedName, sink);

        Assert.True(sink.WaitForFrames(4, s_wait), $"only {sink.Count} frames arrived");
        Assert.All(sink.Snapshot(), f => Assert.Equal((NdiFrameFormat.Interleaved, 30000, 1001, 180), (f.FrameFormat, f.RateN, f.RateD, f.Height)));
    }

    [Fact]
    public void Single_fields_are_reported_as_fields()
    {
        var format = new NdiVideoFormat(320, 90, NdiFourCC.UYVY, 30000, 1001, NdiFrameFormat.Field0);
        using var sender = new TestPatternSender(
            Runtime, NdiTestRuntime.UniqueSourceName("fields"), format, fieldFor: n => n % 2 == 0 ? NdiFrameFormat.Field0 : NdiFrameFormat.Field1);
        var sink = new RecordingSink();
        using var receiver = Receive(sender.PublishedName, sink, NdiColorFormat.Fastest);

        Assert.True(sink.WaitForFrames(6, s_wait), $"only {sink.Count} frames arrived");
        var frames = sink.Snapshot();
        Assert.All(frames, f => Assert.Equal(90, f.Height));
        Assert.All(frames, f => Assert.Equal(f.MetadataFrame % 2 == 0 ? NdiFrameFormat.Field0 : NdiFrameFormat.Field1, f.FrameFormat));
    }

    [Fact]
    public void Capture_thread_allocates_nothing_per_frame()
    {
        using var sender = new TestPatternSender(Runtime, NdiTestRuntime.UniqueSourceName("alloc"), s_uyvy);
        var sink = new RecordingSink();
        using var receiver = Receive(sender.PublishedName, sink);

        Assert.True(sink.WaitForFrames(40, s_wait), $"only {sink.Count} frames arrived");

        // After warm-up, 30 frames captured, handed over and freed without a single managed allocation.
        Assert.Equal(sink[10].AllocatedBytes, sink[39].AllocatedBytes);
    }

    [Fact]
    public void Audio_sent_with_the_video_arrives_planar_and_intact()
    {
        using var sender = new TestPatternSender(Runtime, NdiTestRuntime.UniqueSourceName("audio"), s_uyvy, withAudio: true);
        var sink = new RecordingSink();
        using var receiver = Receive(sender.PublishedName, sink, audio: true);

        Assert.True(sink.WaitUntil(s => s.AudioCount >= 5, s_wait), $"only {sink.AudioCount} audio frames arrived");
        var audio = sink.Audio(4);
        Assert.Equal((48000, 2), (audio.SampleRate, audio.Channels));
        var frame = NdiTimecode.ToFrameNumber(audio.Timecode, 30, 1);
        Assert.Equal(TestPatternSender.AudioSamples, audio.Samples);
        Assert.Equal(TestPatternSender.AudioSample(frame, 0, 0), audio.FirstLeft, 1e-4f);
        Assert.Equal(TestPatternSender.AudioSample(frame, 1, 0), audio.FirstRight, 1e-4f);
        Assert.Equal(TestPatternSender.AudioSample(frame, 1, TestPatternSender.AudioSamples - 1), audio.LastRight, 1e-4f);
        Assert.True(receiver.GetStatistics().AudioFrames >= 5);
    }

    [Fact]
    public void A_slow_consumer_shows_in_the_dropped_and_queue_counters()
    {
        using var sender = new TestPatternSender(Runtime, NdiTestRuntime.UniqueSourceName("slow"), s_uyvy);
        var sink = new RecordingSink { DelayPerFrame = TimeSpan.FromMilliseconds(150) };
        using var receiver = Receive(sender.PublishedName, sink);

        // 30 frames/s in, about 6 frames/s out: the runtime queues and then drops; frame numbers show the gaps.
        Assert.True(
            sink.WaitUntil(_ => receiver.GetStatistics() is { DroppedVideoFrames: > 0 } or { QueuedVideoFrames: > 1 }, s_wait),
            receiver.GetStatistics().ToString());
        Assert.True(sink.WaitForFrames(8, s_wait));
        var frames = sink.Snapshot();
        Assert.True(frames[^1].MetadataFrame - frames[0].MetadataFrame > frames.Length, "frame numbers show no gap although the consumer is slow");
    }

    [Fact]
    public void Async_send_hands_out_the_two_buffers_in_turn_and_needs_a_buffer_first()
    {
        using var sender = new NdiSender(Runtime, new NdiSenderOptions { Name = NdiTestRuntime.UniqueSourceName("buffers") });
        var addresses = new List<nint>();
        for (var i = 0; i < 4; i++)
        {
            var buffer = sender.GetVideoBuffer(s_uyvy);
            Assert.Equal(320 * 2 * 180, buffer.Length);
            unsafe
            {
                fixed (byte* p = buffer)
                {
                    addresses.Add((nint)p);
                }
            }

            sender.SendVideoAsync(NdiTimecode.Synthesize, default);
        }

        Assert.NotEqual(addresses[0], addresses[1]);
        Assert.Equal(addresses[0], addresses[2]);
        Assert.Equal(addresses[1], addresses[3]);
        var error = Assert.Throws<InvalidOperationException>(() => sender.SendVideoAsync(NdiTimecode.Synthesize, default));
        Assert.Contains("GetVideoBuffer", error.Message, StringComparison.Ordinal);
        Assert.Equal(4, sender.VideoFramesSent);
    }

    [Fact]
    public void Bad_frames_are_refused_with_the_value_and_the_limit()
    {
        using var sender = new NdiSender(Runtime, new NdiSenderOptions { Name = NdiTestRuntime.UniqueSourceName("bad") });

        var odd = Assert.Throws<ArgumentException>(() => sender.GetVideoBuffer(s_uyvy with { Width = 321 }));
        Assert.Contains("321", odd.Message, StringComparison.Ordinal);
        var rate = Assert.Throws<ArgumentException>(() => sender.GetVideoBuffer(s_uyvy with { RateD = 0 }));
        Assert.Contains("30/0", rate.Message, StringComparison.Ordinal);
        var small = Assert.Throws<ArgumentException>(() => sender.SendVideo(new byte[100], s_uyvy, NdiTimecode.Synthesize, default));
        Assert.Contains("115200", small.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_faulting_sink_is_counted_and_the_receiver_carries_on()
    {
        using var sender = new TestPatternSender(Runtime, NdiTestRuntime.UniqueSourceName("fault"), s_uyvy);
        var sink = new RecordingSink { ThrowOnVideo = true };
        using var receiver = Receive(sender.PublishedName, sink);

        Assert.True(sink.WaitForFrames(5, s_wait), $"only {sink.Count} frames arrived");
        var stats = receiver.GetStatistics();
        Assert.True(stats.SinkFaults >= 5, stats.ToString());
        Assert.Equal("sink fault injected by the test", receiver.LastSinkFault?.Message);
    }

    [Fact]
    public void Metadata_messages_reach_the_receiver_on_their_own()
    {
        using var sender = new TestPatternSender(Runtime, NdiTestRuntime.UniqueSourceName("message"), s_uyvy);
        var sink = new RecordingSink();
        using var receiver = Receive(sender.PublishedName, sink);
        Assert.True(sink.WaitForFrames(2, s_wait), $"only {sink.Count} frames arrived");

        for (var attempt = 0; attempt < 20 && sink.MetadataCount == 0; attempt++)
        {
            sender.Sender.SendMetadata("<sdb_cue id=\"7\"/>"u8);
            sink.WaitUntil(s => s.MetadataCount > 0, TimeSpan.FromMilliseconds(250));
        }

        Assert.Equal("<sdb_cue id=\"7\"/>", sink.LastMetadata);
        Assert.True(receiver.GetStatistics().MetadataFrames >= 1);
    }

    [Fact]
    public void Lowest_bandwidth_receives_a_smaller_proxy_of_an_HD_source()
    {
        using var sender = new TestPatternSender(Runtime, NdiTestRuntime.UniqueSourceName("proxy"), new NdiVideoFormat(1920, 1080, NdiFourCC.UYVY, 25, 1));
        var sink = new RecordingSink();
        using var receiver = new NdiReceiver(
            Runtime, new NdiReceiverOptions { Source = NdiSourceSelector.ByName(sender.PublishedName), Bandwidth = NdiBandwidth.Lowest }, sink);

        Assert.True(sink.WaitForFrames(2, s_wait), $"only {sink.Count} frames arrived");
        Assert.InRange(sink[1].Width, 2, 1919);
        Assert.Equal(sink[1].Width * 9, sink[1].Height * 16);
    }

    [Fact]
    public void Sending_allocates_nothing_per_frame()
    {
        using var sender = new NdiSender(Runtime, new NdiSenderOptions { Name = NdiTestRuntime.UniqueSourceName("send-alloc") });
        var metadata = "<sdb_test frame=\"0\"/>"u8.ToArray();
        for (var i = 0; i < 5; i++)
        {
            sender.GetVideoBuffer(s_uyvy);
            sender.SendVideoAsync(NdiTimecode.FromFrameNumber(i, 30, 1), metadata);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 5; i < 35; i++)
        {
            GreyCode.FillUyvy(sender.GetVideoBuffer(s_uyvy), i);
            sender.SendVideoAsync(NdiTimecode.FromFrameNumber(i, 30, 1), metadata);
        }

        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
        Assert.Equal(35, sender.VideoFramesSent);
    }

    [Fact]
    public void A_sink_may_dispose_its_receiver_from_the_capture_thread()
    {
        using var sender = new TestPatternSender(Runtime, NdiTestRuntime.UniqueSourceName("self-stop"), s_uyvy);
        var sink = new DisposingSink(afterFrames: 3);
        var receiver = Receive(sender.PublishedName, sink);
        sink.Receiver = receiver;

        Assert.True(sink.Inner.WaitUntil(_ => !receiver.IsCapturing, s_wait), $"capture thread still running after {sink.Inner.Count} frames");
        Assert.Equal(3, sink.Inner.Count);
        Assert.Throws<ObjectDisposedException>(() => receiver.GetStatistics());
        receiver.Dispose();
    }

    private sealed class DisposingSink(int afterFrames) : INdiVideoSink
    {
        public RecordingSink Inner { get; } = new();

        public NdiReceiver? Receiver { get; set; }

        public void OnVideoFrame(in NdiVideoFrame frame)
        {
            Inner.OnVideoFrame(frame);
            if (Inner.Count == afterFrames)
            {
                Receiver?.Dispose();
            }
        }
    }
}
