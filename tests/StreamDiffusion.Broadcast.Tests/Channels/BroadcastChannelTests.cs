using StreamDiffusion.Broadcast.Channels;
using StreamDiffusion.Broadcast.Channels.Inputs;
using StreamDiffusion.Broadcast.Configuration;
using StreamDiffusion.Core.Pipeline;
using StreamDiffusion.Onnx.Faults;
using StreamDiffusion.Testing;
using StreamDiffusion.Video.Frames;

namespace StreamDiffusion.Broadcast.Tests.Channels;

/// <summary>
/// One channel end to end in process: the real test pattern, the real pipeline on synthetic ONNX models, the real
/// pacer; the output is recorded. Assertions use frame counts and states, never wall-clock durations.
/// </summary>
[Collection(TestCollections.EndToEnd)]
public sealed class BroadcastChannelTests(SyntheticModels models) : IClassFixture<SyntheticModels>
{
    private static readonly StreamParameters s_parameters = new() { Prompt = "a watercolour", StepIndices = [32, 45], Guidance = Core.Guidance.GuidanceMode.Self };

    private static PausableInput TestPattern() => new(new TestPatternInput(320, 180, new FrameRate(30, 1), new VideoFramePool()));

    private static void AssertOneOutPerIn(RunningChannel running, RecordingOutput output)
    {
        var counters = running.Channel.Counters.Snapshot();
        // One frame out per frame in, plus the frames the pacer's clock sent for want of one (input late by two periods
        // on a loaded machine, and once the output delay as it is latched); those that still wait for their slot
        // (capture + D) are not out yet.
        var waiting = (int)Math.Ceiling(running.Channel.OutputDelay!.Value.TotalSeconds * 30) + 2;
        var inputSlots = counters.FramesOut - counters.TimerFrames;
        Assert.True(inputSlots <= counters.FramesIn && inputSlots >= counters.FramesIn - waiting, $"in {counters.FramesIn}, out {counters.FramesOut} of which {counters.TimerFrames} on the timer, {waiting} may wait");
        Assert.True(counters.TimerFrames <= waiting + (counters.FramesIn / 20), $"{counters.TimerFrames} frames on the timer of {counters.FramesOut} out, D = {running.Channel.OutputDelay}");
        Assert.Equal(0, counters.MissedSlots);
        // Nothing goes out before the first input frame fixes the output format; every frame has it.
        Assert.All(output.Sent, s => Assert.Equal((320, 180, PixelFormat.Uyvy), (s.Width, s.Height, s.Format)));
    }

    [Fact]
    public async Task Processed_frames_go_out_one_per_input_frame_with_the_inputs_timecodes()
    {
        var output = new RecordingOutput();
        var parts = new ChannelParts(new StreamPipeline(models.Load(s_parameters), s_parameters), "", TestPattern(), output);
        await using var running = new RunningChannel(RunningChannel.Settings(), parts);

        await running.UntilAsync(() => running.Channel.Counters.Snapshot().Processed >= 60, "60 processed frames");

        Assert.Contains(ChannelState.Live, running.States);
        Assert.DoesNotContain(ChannelState.Bypass, running.States);
        AssertOneOutPerIn(running, output);
        var timecodes = output.Sent.Select(s => s.Timecode).ToArray();
        Assert.True(timecodes.Zip(timecodes.Skip(1)).Count(p => p.Second < p.First) == 0, "output timecodes went backwards");
        Assert.Equal(0, running.Channel.Counters.Snapshot().Epoch);

        // The latency of a processed frame covers at least the Stream Batch's one-frame lag at 30 fps.
        Assert.True(running.Channel.Counters.Snapshot().LatencyMs > 30, $"latency {running.Channel.Counters.Snapshot().LatencyMs} ms");
    }

    [Fact]
    public async Task A_unet_that_throws_every_fifth_frame_never_stops_the_output()
    {
        var (faulty, unet, _, _, _) = FaultInjection.Wrap(models.Load(s_parameters), unet: new FaultPlan { ThrowEvery = 5 });
        using var _ = unet;
        var output = new RecordingOutput();
        var parts = new ChannelParts(new StreamPipeline(faulty, s_parameters), "", TestPattern(), output);
        await using var running = new RunningChannel(RunningChannel.Settings(), parts);

        await running.UntilAsync(() => unet.Runs >= 40 && running.Channel.Counters.Snapshot().Processed >= 10, "40 UNet runs");
        // The output delay is measured on what the faulting model delivers (within its measuring limit), then it goes live.
        await running.UntilAsync(() => running.States.Contains(ChannelState.Live), "live between the faults");

        AssertOneOutPerIn(running, output);
    }

    [Fact]
    public async Task A_stalled_unet_falls_back_to_bypass_and_the_channel_recovers_by_itself()
    {
        var (faulty, unet, _, _, _) = FaultInjection.Wrap(models.Load(s_parameters), unet: new FaultPlan { StallEvery = 30, StallFor = TimeSpan.FromSeconds(3) });
        using var _ = unet;
        var output = new RecordingOutput();
        var parts = new ChannelParts(new StreamPipeline(faulty, s_parameters), "", TestPattern(), output);
        await using var running = new RunningChannel(RunningChannel.Settings(bypassAfterMs: 500), parts);

        await running.UntilAsync(() => running.States.Contains(ChannelState.Bypass), "bypass during the stall");
        await running.UntilAsync(() => running.Channel.Status.Current.State == ChannelState.Live && unet.Runs > 31, "recovery after the stall");

        Assert.Contains(ChannelState.Holding, running.States);
        AssertOneOutPerIn(running, output);
    }

    [Fact]
    public async Task A_nan_output_is_dropped_counted_and_the_stream_recovers()
    {
        var (faulty, unet, _, _, _) = FaultInjection.Wrap(models.Load(s_parameters), unet: new FaultPlan { NaNEvery = 15 });
        using var _ = unet;
        var output = new RecordingOutput();
        var parts = new ChannelParts(new StreamPipeline(faulty, s_parameters), "", TestPattern(), output);
        await using var running = new RunningChannel(RunningChannel.Settings(), parts);

        await running.UntilAsync(() => running.Channel.Counters.Snapshot() is { NanDropped: >= 2, Processed: >= 30 }, "two NaN drops and 30 processed frames");

        AssertOneOutPerIn(running, output);
        Assert.Equal(running.Channel.Counters.Snapshot().NanDropped, running.Channel.Counters.Snapshot().Epoch);
    }

    [Fact]
    public async Task A_lost_input_shows_the_slate_on_the_timer_then_returns_to_processing()
    {
        var input = TestPattern();
        var output = new RecordingOutput();
        var parts = new ChannelParts(new StreamPipeline(models.Load(s_parameters), s_parameters), "", input, output);
        await using var running = new RunningChannel(RunningChannel.Settings(), parts);
        await running.UntilAsync(() => running.Channel.Status.Current.State == ChannelState.Live, "live");

        input.Paused = true;
        await running.UntilAsync(() => running.Channel.Status.Current.State == ChannelState.InputLost, "input lost");
        var sentWhileLost = output.Count;
        await running.UntilAsync(() => output.Count >= sentWhileLost + 30, "30 slate frames while the input is lost");
        input.Paused = false;
        await running.UntilAsync(() => running.Channel.Status.Current.State == ChannelState.Live, "live again");

        Assert.Equal(0, running.Channel.Counters.Snapshot().MissedSlots);
    }

    [Fact]
    public async Task Without_a_model_the_input_goes_out_and_the_reason_is_reported()
    {
        var output = new RecordingOutput();
        var parts = new ChannelParts(null, "no model is configured", TestPattern(), output);
        await using var running = new RunningChannel(RunningChannel.Settings(), parts);

        await running.UntilAsync(() => output.Count >= 30, "30 frames out");

        Assert.Equal(ChannelState.ModelMissing, running.Channel.Status.Current.State);
        Assert.Equal("no model is configured", running.Channel.Status.Current.Reason);
        AssertOneOutPerIn(running, output);
    }

    [Fact]
    public async Task Without_receivers_an_idling_channel_rests_the_model_and_resumes_on_connect()
    {
        var output = new RecordingOutput { Connections = 0 };
        var parts = new ChannelParts(new StreamPipeline(models.Load(s_parameters), s_parameters), "", TestPattern(), output);
        await using var running = new RunningChannel(RunningChannel.Settings(idleWithoutConnections: true), parts);

        await running.UntilAsync(() => output.Count >= 45, "45 frames out with nobody connected");
        Assert.Equal(0, running.Channel.Counters.Snapshot().Processed);
        Assert.StartsWith("idle: no receiver is connected", running.Channel.Status.Current.Reason, StringComparison.Ordinal);

        output.Connections = 1;
        await running.UntilAsync(() => running.Channel.Counters.Snapshot().Processed >= 10, "processing after a receiver connects");
        AssertOneOutPerIn(running, output);
    }
}
