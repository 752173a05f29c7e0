using Microsoft.Extensions.Logging.Abstractions;
using StreamDiffusion.Broadcast.Channels;
using StreamDiffusion.Broadcast.Channels.Inputs;
using StreamDiffusion.Broadcast.Channels.Outputs;
using StreamDiffusion.Broadcast.Presets;
using StreamDiffusion.Core.Guidance;
using StreamDiffusion.Core.Models;
using StreamDiffusion.Core.Pipeline;
using StreamDiffusion.Testing;
using StreamDiffusion.Video.Frames;

namespace StreamDiffusion.Broadcast.Tests.Channels;

/// <summary>
/// The operator controls on a running channel (real test pattern, real pipeline on synthetic ONNX models, real pacer):
/// live parameters, cue and take, hold. Assertions use frame counts, states and picture hashes, never durations.
/// </summary>
[Collection(TestCollections.EndToEnd)]
public sealed class ChannelControlTests(SyntheticModels models) : IClassFixture<SyntheticModels>
{
    private static readonly StreamParameters s_parameters = new() { Prompt = "a watercolour", StepIndices = [32, 45], Guidance = GuidanceMode.Self };

    private static PausableInput TestPattern() => new(new TestPatternInput(320, 180, new FrameRate(30, 1), new VideoFramePool()));

    private static Preset Neon(string prompt = "cyberpunk neon city at night") => new()
    {
        Id = "neon", Name = "Neon", Slot = 2, Prompt = prompt, GuidanceScale = 1.4f, Delta = 0.5f,
        Transition = new PresetTransition(TransitionKind.Blend, 0.5, BlendCurve.Slerp),
    };

    private (StreamPipeline Pipeline, CountingTextEncoder Encoder) Pipeline(StreamParameters loadFor)
    {
        var loaded = models.Load(loadFor);
        var encoder = new CountingTextEncoder(loaded.TextEncoder);
        return (new StreamPipeline(loaded with { TextEncoder = encoder }, s_parameters), encoder);
    }

    private static async Task<long> MoreProcessed(RunningChannel running, int frames, string what)
    {
        var target = running.Channel.Counters.Snapshot().Processed + frames;
        await running.UntilAsync(() => running.Channel.Counters.Snapshot().Processed >= target, what);
        return target;
    }

    [Fact]
    public async Task A_live_prompt_change_reaches_the_pipeline_blended_without_an_epoch_change()
    {
        var (pipeline, encoder) = Pipeline(s_parameters);
        var output = new HashingOutput();
        await using var running = new RunningChannel(RunningChannel.Settings(), new ChannelParts(pipeline, "", TestPattern(), output));
        await running.UntilAsync(() => running.Channel.Status.Current.State == ChannelState.Live, "live");

        var result = running.Channel.SetParameters(new ParameterChange { Prompt = "an ink drawing", GuidanceScale = 1.3 });

        Assert.Equal(["prompt", "guidanceScale"], result.Blended);
        Assert.Empty(result.Structural);
        Assert.False(result.Pending);
        Assert.Equal(("an ink drawing", 1.3f), (pipeline.Parameters.Prompt, pipeline.Parameters.GuidanceScale));
        Assert.Equal("an ink drawing", running.Channel.Parameters.Prompt);
        Assert.Equal("an ink drawing", running.Channel.Prompt);
        Assert.Equal(["prompt", "guidanceScale"], running.Channel.LiveChanges);
        await MoreProcessed(running, 30, "30 processed frames after the change");

        Assert.Equal(0, running.Channel.Counters.Snapshot().Epoch);
        Assert.Equal(0, pipeline.Status.Handovers);
        Assert.Contains("an ink drawing", encoder.Prompts);
        Assert.DoesNotContain(encoder.Threads, t => t.EndsWith("inference", StringComparison.Ordinal));
        Assert.Equal(0, running.Channel.Counters.Snapshot().MissedSlots);
    }

    [Fact]
    public async Task A_structural_change_is_reported_and_the_output_keeps_its_cadence_while_it_warms_up()
    {
        var (pipeline, _) = Pipeline(s_parameters with { StepIndices = [22, 32, 45] }); // room for three UNet rows
        var output = new HashingOutput();
        await using var running = new RunningChannel(RunningChannel.Settings(), new ChannelParts(pipeline, "", TestPattern(), output));
        await running.UntilAsync(() => running.Channel.Status.Current.State == ChannelState.Live, "live");
        var statesBefore = running.States.Count;

        var result = running.Channel.SetParameters(new ParameterChange { TIndexList = [22, 32, 45], Seed = 5 });

        Assert.Equal(["tIndexList"], result.Structural);
        Assert.Equal(["seed"], result.Blended);
        await running.UntilAsync(() => pipeline.Status.Handovers >= 1, "the hand-over to three steps");
        await MoreProcessed(running, 10, "10 processed frames after the hand-over");

        Assert.Equal(3, pipeline.Status.Steps);
        var counters = running.Channel.Counters.Snapshot();
        Assert.Equal(0, counters.MissedSlots);
        Assert.Equal(0, counters.Epoch);
        Assert.True(Math.Abs(counters.FramesOut - counters.FramesIn) <= Math.Max(3, counters.FramesIn * 3 / 100), $"in {counters.FramesIn}, out {counters.FramesOut}");
        Assert.DoesNotContain(running.States.Skip(statesBefore), s => s is ChannelState.Warming or ChannelState.Bypass);
    }

    [Fact]
    public async Task Cue_encodes_ahead_and_take_puts_the_preset_in_force_without_encoding()
    {
        var (pipeline, encoder) = Pipeline(s_parameters);
        var output = new HashingOutput();
        await using var running = new RunningChannel(RunningChannel.Settings(), new ChannelParts(pipeline, "", TestPattern(), output));
        await running.UntilAsync(() => running.Channel.Status.Current.State == ChannelState.Live, "live");
        running.Channel.SetParameters(new ParameterChange { Seed = 9 });

        var cued = running.Channel.Cue(Neon());

        Assert.Equal(new CuedPreset("neon", "Neon", new PresetTransition(TransitionKind.Blend, 0.5, BlendCurve.Slerp), Prepared: true), cued);
        Assert.Equal(cued, running.Channel.Cued);
        Assert.Contains("cyberpunk neon city at night", encoder.Prompts);
        Assert.Equal("a watercolour", pipeline.Parameters.Prompt); // cued, not on air
        var encodedAtCue = encoder.Prompts.Count;

        var taken = running.Channel.Take();

        Assert.Equal(encodedAtCue, encoder.Prompts.Count);
        Assert.Equal("neon", taken.Preset);
        Assert.Equal(["prompt", "guidanceScale", "delta", "seed"], taken.Blended);
        Assert.Equal(("cyberpunk neon city at night", 1.4f, 2UL), (pipeline.Parameters.Prompt, pipeline.Parameters.GuidanceScale, pipeline.Parameters.Seed));
        Assert.Equal("neon", running.Channel.PresetId);
        Assert.Null(running.Channel.Cued);
        Assert.Empty(running.Channel.LiveChanges);
        Assert.Throws<InvalidOperationException>(() => running.Channel.Take());
        await MoreProcessed(running, 10, "10 processed frames after the take");
        Assert.Equal(0, running.Channel.Counters.Snapshot().Epoch);
    }

    [Fact]
    public async Task A_saved_edit_of_the_cued_preset_cues_it_again()
    {
        var folder = Directory.CreateTempSubdirectory("sdb-cue-presets-");
        try
        {
            File.WriteAllText(Path.Combine(folder.FullName, "neon.json"), """{ "schemaVersion": 1, "prompt": "neon one" }""");
            using var store = new PresetStore(folder.FullName, NullLogger<PresetStore>.Instance);
            store.Rescan();
            var (pipeline, encoder) = Pipeline(s_parameters);
            await using var running = new RunningChannel(RunningChannel.Settings(), new ChannelParts(pipeline, "", TestPattern(), new HashingOutput()), store);
            await running.UntilAsync(() => running.Channel.Status.Current.State == ChannelState.Live, "live");
            running.Channel.Cue(store.Current.Presets["neon"], new PresetTransition(TransitionKind.Cut, 0, BlendCurve.Linear));

            File.WriteAllText(Path.Combine(folder.FullName, "neon.json"), """{ "schemaVersion": 1, "prompt": "neon two" }""");
            store.Rescan();

            Assert.Contains("neon two", encoder.Prompts);
            Assert.Equal(TransitionKind.Cut, running.Channel.Cued!.Transition.Kind); // the cue's own transition is kept
            var encoded = encoder.Prompts.Count;
            running.Channel.Take();
            Assert.Equal(encoded, encoder.Prompts.Count);
            Assert.Equal("neon two", pipeline.Parameters.Prompt);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Hold_freezes_the_picture_while_frames_keep_going_out_and_release_moves_it_again()
    {
        var (pipeline, _) = Pipeline(s_parameters);
        var output = new HashingOutput();
        await using var running = new RunningChannel(RunningChannel.Settings(), new ChannelParts(pipeline, "", TestPattern(), output));
        await running.UntilAsync(() => running.Channel.Status.Current.State == ChannelState.Live, "live");
        var liveFrom = output.Count;
        await MoreProcessed(running, 10, "10 processed frames");
        Assert.True(output.Hashes.Skip(liveFrom).Distinct().Count() >= 3, "the live picture does not move, so a freeze could not be seen");

        running.Channel.Hold = true;
        await running.UntilAsync(() => running.Channel.Status.Current is { State: ChannelState.Holding, Reason: "hold (operator)" }, "the operator hold");
        var heldFrom = output.Count;
        await running.UntilAsync(() => output.Count >= heldFrom + 45, "45 frames out while held");

        Assert.Single(output.Hashes.Skip(heldFrom).Distinct());
        Assert.True(running.Channel.Counters.Snapshot().Processed > 0);
        Assert.Equal(0, running.Channel.Counters.Snapshot().MissedSlots);

        running.Channel.Hold = false;
        await running.UntilAsync(() => running.Channel.Status.Current.State == ChannelState.Live, "live after the release");
        var releasedFrom = output.Count;
        await MoreProcessed(running, 10, "10 processed frames after the release");
        Assert.True(output.Hashes.Skip(releasedFrom).Distinct().Count() >= 3, "the picture stayed frozen after the release");
    }

    private static readonly (ParameterChange Change, string Field)[] s_outOfRange =
    [
        (new ParameterChange { GuidanceScale = 25 }, "guidanceScale"),
        (new ParameterChange { Delta = 2 }, "delta"),
        (new ParameterChange { Seed = -1 }, "seed"),
        (new ParameterChange { Strength = 1.5 }, "strength"),
        (new ParameterChange { TIndexList = [45, 32] }, "tIndexList[1]"),
        (new ParameterChange { TIndexList = [1, 2, 3, 4, 5] }, "tIndexList"),
        (new ParameterChange { TIndexList = [32, 45], Strength = 0.5 }, "strength"),
        (new ParameterChange { Prompt = "  " }, "prompt"),
        (new ParameterChange { NegativePrompt = new string('x', 4001) }, "negativePrompt"),
        (new ParameterChange { FilterThreshold = 1.0 }, "similarityFilter.threshold"),
        (new ParameterChange { FilterMaxSkipFrames = 5000 }, "similarityFilter.maxSkipFrames"),
        (new ParameterChange { Prompt = "fine", Transition = new PresetTransition(TransitionKind.Blend, 61, BlendCurve.Linear) }, "transition.seconds"),
    ];

    [Fact]
    public async Task Out_of_range_values_are_refused_naming_the_field_and_the_look_stays()
    {
        var (pipeline, _) = Pipeline(s_parameters);
        await using var running = new RunningChannel(RunningChannel.Settings(), new ChannelParts(pipeline, "", TestPattern(), new HashingOutput()));
        await running.UntilAsync(() => running.Channel.Status.Current.State == ChannelState.Live, "live");
        var before = running.Channel.Parameters;

        foreach (var (change, field) in s_outOfRange)
        {
            var refused = Assert.Throws<ParameterValueException>(() => running.Channel.SetParameters(change));

            Assert.Equal(field, refused.ParamName);
            Assert.StartsWith($"{field}: ", refused.Message, StringComparison.Ordinal);
            Assert.Equal((before.Prompt, before.GuidanceScale, before.Delta, before.Seed), (pipeline.Parameters.Prompt, pipeline.Parameters.GuidanceScale, pipeline.Parameters.Delta, pipeline.Parameters.Seed));
            Assert.Equal(before.TIndexList, pipeline.Parameters.StepIndices);
            Assert.Equal(before.TIndexList, running.Channel.Parameters.TIndexList);
            Assert.Equal("a watercolour", running.Channel.Parameters.Prompt);
            Assert.Empty(running.Channel.LiveChanges);
        }

        // The same channel takes a valid value, so the refusals above were not a channel that refuses everything.
        running.Channel.SetParameters(new ParameterChange { GuidanceScale = 20 });
        Assert.Equal(20f, pipeline.Parameters.GuidanceScale);
    }

    [Fact]
    public async Task Without_a_model_changes_are_remembered_and_applied_to_the_pipeline_of_the_next_run()
    {
        var (pipeline, _) = Pipeline(s_parameters);
        var channel = new BroadcastChannel(RunningChannel.Settings(), () => new ChannelParts(pipeline, "", TestPattern(), new HashingOutput()), TimeProvider.System, NullLogger.Instance);

        var result = channel.SetParameters(new ParameterChange { Prompt = "a charcoal sketch", Strength = 0.5 });

        Assert.True(result.Pending);
        Assert.Equal(["prompt", "strength"], result.Blended);
        Assert.Equal(["prompt", "tIndexList"], channel.LiveChanges);
        Assert.Equal("a charcoal sketch", channel.Parameters.Prompt);

        using var stop = new CancellationTokenSource();
        var run = Task.Run(() => channel.RunAsync(stop.Token), TestContext.Current.CancellationToken);
        try
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (channel.Counters.Snapshot().Processed < 10)
            {
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60) && !run.IsFaulted, $"no processed frames: {channel.Status.Current}");
                await Task.Delay(20, TestContext.Current.CancellationToken);
            }

            Assert.Equal("a charcoal sketch", pipeline.Parameters.Prompt);
            Assert.Equal(channel.Parameters.TIndexList, pipeline.Parameters.StepIndices);
            Assert.Equal(TimeSpan.Zero, pipeline.Parameters.TransitionDuration); // resumed at once, not blended from the old look
        }
        finally
        {
            await stop.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        }
    }
}

/// <summary>An output that records a hash of each picture sent, so tests can see whether it moves.</summary>
public sealed class HashingOutput : IChannelOutput
{
    private readonly List<int> _hashes = [];

    public string Description => "hashing recorder";

    public int Connections => 1;

    public int Count
    {
        get
        {
            lock (_hashes)
            {
                return _hashes.Count;
            }
        }
    }

    public IReadOnlyList<int> Hashes
    {
        get
        {
            lock (_hashes)
            {
                return [.. _hashes];
            }
        }
    }

    public void Send(VideoFrame frame, FrameRate rate, long timecode)
    {
        var hash = new HashCode();
        hash.AddBytes(frame.Data);
        lock (_hashes)
        {
            _hashes.Add(hash.ToHashCode());
        }
    }

    public void Dispose()
    {
    }
}

/// <summary>A text encoder that counts its calls and the threads they ran on.</summary>
public sealed class CountingTextEncoder(ITextEncoder inner) : ITextEncoder
{
    private readonly List<(string Prompt, string Thread)> _calls = [];

    public int SequenceLength => inner.SequenceLength;

    public int EmbeddingWidth => inner.EmbeddingWidth;

    public IReadOnlyList<string> Prompts
    {
        get
        {
            lock (_calls)
            {
                return [.. _calls.Select(c => c.Prompt)];
            }
        }
    }

    public IReadOnlyList<string> Threads
    {
        get
        {
            lock (_calls)
            {
                return [.. _calls.Select(c => c.Thread)];
            }
        }
    }

    public void Encode(string prompt, Span<float> embeddings)
    {
        lock (_calls)
        {
            _calls.Add((prompt, Thread.CurrentThread.Name ?? ""));
        }

        inner.Encode(prompt, embeddings);
    }
}
