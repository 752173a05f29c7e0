using System.Diagnostics;
using StreamDiffusion.Broadcast.Channels;
using StreamDiffusion.Broadcast.Channels.Inputs;
using StreamDiffusion.Core.Pipeline;
using StreamDiffusion.Testing;
using StreamDiffusion.Video.Frames;

namespace StreamDiffusion.Broadcast.Tests.Channels;

/// <summary>
/// The output delay and the output format: every frame leaves at its input's capture + D, so latency is constant; the
/// format is fixed (configured or from the first input frame) and never changes while live. Assertions compare frame
/// times with the channel's own frame period and counts, never with wall-clock budgets.
/// </summary>
[Collection(TestCollections.EndToEnd)]
public sealed class OutputTimingTests(SyntheticModels models) : IClassFixture<SyntheticModels>
{
    private static readonly StreamParameters s_parameters = new() { Prompt = "a watercolour", StepIndices = [32, 45], Guidance = Core.Guidance.GuidanceMode.Self };
    private static readonly double PeriodMs = 1000.0 / 30;

    private static TestPatternInput Pattern(int width = 320, int height = 180, int rate = 30) => new(width, height, new FrameRate(rate, 1), new VideoFramePool());

    private ChannelParts Parts(IChannelInput input, RecordingOutput output) =>
        new(new StreamPipeline(models.Load(s_parameters), s_parameters), "", input, output);

    // Send time − capture of the input each frame shows, for the processed frames sent once the channel is live.
    private static double[] LatenciesMs(RecordingOutput output, int skip) =>
        [.. output.Sent.Skip(skip).Where(s => s.Capture > 0).Select(s => Stopwatch.GetElapsedTime(s.Capture, s.At).TotalMilliseconds)];

    [Fact]
    public async Task With_a_configured_delay_every_frame_leaves_at_its_capture_plus_D()
    {
        var output = new RecordingOutput();
        await using var running = new RunningChannel(RunningChannel.Settings(outputDelayMs: 400), Parts(Pattern(), output));
        await running.UntilAsync(() => running.Channel.Status.Current.State == ChannelState.Live, "live");
        var liveFrom = output.Count;
        await running.UntilAsync(() => output.Count >= liveFrom + 60, "60 frames live");

        var latencies = LatenciesMs(output, liveFrom);
        Assert.Equal(TimeSpan.FromMilliseconds(400), running.Channel.OutputDelay);
        Assert.True(latencies.Min() >= 399, $"a frame left before its capture + D: {latencies.Min():F1} ms");
        Assert.True(latencies.Max() - latencies.Min() <= PeriodMs, $"latency varied by {latencies.Max() - latencies.Min():F1} ms (min {latencies.Min():F1}, max {latencies.Max():F1}), more than one frame interval");
        Assert.Equal(0, running.Channel.Counters.Snapshot().MissedSlots);
    }

    [Fact]
    public async Task A_measured_delay_is_latched_before_going_live_and_latency_then_stays_within_one_frame_interval()
    {
        var output = new RecordingOutput();
        await using var running = new RunningChannel(RunningChannel.Settings(), Parts(Pattern(), output));
        await running.UntilAsync(() => running.Channel.Status.Current.State == ChannelState.Live, "live");
        var delay = running.Channel.OutputDelay!.Value;
        var liveFrom = output.Count;
        await running.UntilAsync(() => output.Count >= liveFrom + 90, "90 frames live");

        // Frames whose processed picture was ready by capture + D leave exactly then; on a loaded machine a picture can
        // miss its slot, which then repeats the one before (a frame older, as the repeated counter shows).
        var latencies = LatenciesMs(output, liveFrom);
        var onTime = latencies.Count(l => l >= delay.TotalMilliseconds - 1 && l <= delay.TotalMilliseconds + PeriodMs);
        Assert.True(delay > TimeSpan.FromMilliseconds(PeriodMs), $"D = {delay} covers at least the model's time and one frame period");
        Assert.Equal(delay, running.Channel.OutputDelay); // held
        Assert.True(latencies.Min() >= delay.TotalMilliseconds - 1, $"a frame left before its capture + D: {latencies.Min():F1} ms, D {delay.TotalMilliseconds:F1}");
        Assert.True(onTime * 2 > latencies.Length, $"only {onTime} of {latencies.Length} frames left within one frame interval of capture + D ({delay.TotalMilliseconds:F1} ms)");
        Assert.Equal(0, running.Channel.Counters.Snapshot().MissedSlots);
    }

    [Fact]
    public async Task A_configured_format_is_on_air_from_the_start_and_the_input_is_converted_to_it()
    {
        var input = new PausableInput(Pattern()) { Paused = true };
        var output = new RecordingOutput();
        await using var running = new RunningChannel(RunningChannel.Settings(outputFormat: "640x360@30/1"), Parts(input, output));

        // No input yet: the input-loss slate is already in the configured format.
        await running.UntilAsync(() => output.Count >= 10, "10 slate frames before any input");
        input.Paused = false;
        await running.UntilAsync(() => running.Channel.Counters.Snapshot().Processed >= 30, "30 processed frames");

        Assert.All(output.Sent, s => Assert.Equal((640, 360, PixelFormat.Uyvy), (s.Width, s.Height, s.Format)));
        Assert.Equal((640, 360, new FrameRate(30, 1)), (running.Channel.OutputFormat!.Value.Spec.Width, running.Channel.OutputFormat.Value.Spec.Height, running.Channel.OutputFormat.Value.Rate));
    }

    [Fact]
    public async Task A_format_latched_from_the_first_input_frame_never_changes_when_the_input_does()
    {
        var output = new RecordingOutput();
        var input = new SwitchingInput(Pattern(320, 180), Pattern(240, 180), switchAfter: 90);
        await using var running = new RunningChannel(RunningChannel.Settings(), Parts(input, output));

        await running.UntilAsync(() => running.Channel.Counters.Snapshot().FramesIn >= 150, "60 frames after the input changed size");
        await running.UntilAsync(() => running.Channel.Status.Current.State == ChannelState.Live, "live on the new input");

        Assert.All(output.Sent, s => Assert.Equal((320, 180, PixelFormat.Uyvy), (s.Width, s.Height, s.Format)));
        Assert.Equal(0, running.Channel.Counters.Snapshot().MissedSlots);
    }

    [Fact]
    public async Task An_input_at_another_rate_than_the_output_is_converted_to_the_output_rate()
    {
        var output = new RecordingOutput();
        await using var running = new RunningChannel(RunningChannel.Settings(outputFormat: "320x180@15/1"), Parts(Pattern(rate: 30), output));
        await running.UntilAsync(() => running.Channel.Status.Current.State == ChannelState.Live, "live");
        var outBefore = output.Count;
        await running.UntilAsync(() => output.Count >= outBefore + 45, "45 more output frames");

        // The output runs on its own clock at 15 per second: the typical gap between sends is the output's period, not
        // the input's (the input thread itself may run late and catch up on a loaded machine, so counts are not compared).
        var sent = output.Sent.Skip(outBefore).ToArray();
        var gaps = sent.Zip(sent.Skip(1)).Select(p => Stopwatch.GetElapsedTime(p.First.At, p.Second.At).TotalMilliseconds).Order().ToArray();
        var median = gaps[gaps.Length / 2];
        Assert.True(median is > 1000.0 / 15 * 0.9 and < 1000.0 / 15 * 1.1, $"median gap between sends {median:F1} ms; the output period is {1000.0 / 15:F1} ms");
        // Frames showing the input carry its timecodes (the slate before the first input frame counts on its own).
        var timecodes = output.Sent.Where(s => s.Capture > 0).Select(s => s.Timecode).ToArray();
        Assert.True(timecodes.Zip(timecodes.Skip(1)).All(p => p.Second >= p.First), "output timecodes went backwards");
        Assert.Equal(0, running.Channel.Counters.Snapshot().MissedSlots);
    }
}

/// <summary>A channel whose source carries alpha keeps a UYVA output through an input loss (the slate is UYVA too).</summary>
[Collection(TestCollections.EndToEnd)]
public sealed class AlphaOutputTests(SyntheticModels models) : IClassFixture<SyntheticModels>
{
    [Fact]
    public async Task An_alpha_source_latches_uyva_and_the_loss_slate_keeps_it()
    {
        var parameters = new StreamParameters { Prompt = "a watercolour", StepIndices = [32, 45], Guidance = Core.Guidance.GuidanceMode.Self };
        var input = new PausableInput(new TestPatternInput(320, 180, new FrameRate(30, 1), new VideoFramePool(), PixelFormat.Uyva));
        var output = new RecordingOutput();
        await using var running = new RunningChannel(
            RunningChannel.Settings(), new ChannelParts(new StreamPipeline(models.Load(parameters), parameters), "", input, output));
        await running.UntilAsync(() => running.Channel.Status.Current.State == ChannelState.Live, "live");

        input.Paused = true;
        await running.UntilAsync(() => running.Channel.Status.Current.State == ChannelState.InputLost, "input lost");
        var lostAt = output.Count;
        await running.UntilAsync(() => output.Count >= lostAt + 5, "five slate frames");

        Assert.All(output.Sent, s => Assert.Equal((320, 180, PixelFormat.Uyva), (s.Width, s.Height, s.Format)));
    }
}
