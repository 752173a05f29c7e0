using StreamDiffusion.Core.Filtering;
using StreamDiffusion.Core.Guidance;
using StreamDiffusion.Core.Pipeline;
using StreamDiffusion.Core.Tests.Fakes;

namespace StreamDiffusion.Core.Tests;

[CollectionDefinition(nameof(AllocationCollection), DisableParallelization = true)]
public sealed class AllocationCollection;

/// <summary>
/// Steady state allocates nothing. The pipeline runs entirely on the calling thread (it starts no threads, uses no
/// pool and no tasks), so that thread's counter covers every thread it uses and must read exactly 0. The process-wide
/// counter is checked too, in a collection that runs alone: the test runner's own threads allocate now and then, so
/// at least one of several windows must read exactly 0 (a per-frame allocation would show in every window).
/// </summary>
[Collection(nameof(AllocationCollection))]
public sealed class AllocationTests
{
    [Theory]
    [InlineData(GuidanceMode.None, 1)]
    [InlineData(GuidanceMode.Self, 2)]
    [InlineData(GuidanceMode.Initialize, 3)]
    [InlineData(GuidanceMode.Full, 4)]
    public void Steady_state_allocates_nothing_per_frame(GuidanceMode mode, int steps)
    {
        var fakes = new FakeModels { Unet = { Recording = false } };
        int[] indices = Scheduling.LcmSchedule.StepIndicesForStrength(0.6f, steps);
        var parameters = StreamBatchStepTests.Parameters(mode, indices) with
        {
            SimilarityFilter = new SimilarityFilterSettings(Enabled: true, Threshold: 0.98f, MaxSkipFrames: 4),
            TransitionDuration = TimeSpan.FromMilliseconds(400),
        };
        var pipeline = new StreamPipeline(fakes.Models, parameters);
        var frame = new TestFrame();
        long id = 0;
        for (; id < 20; id++)
        {
            frame.Phase = (id % 3) * 0.001f;
            pipeline.ProcessFrame(frame.At(id));
        }

        // Many short windows: the runner's own threads (test reporting, the VSTest channel) allocate now and then,
        // more often on a busy machine, so a quiet window must be short to be found; a per-frame allocation would show
        // in every one of them.
        var processWindows = new List<long>();
        long thread = 0;
        for (int window = 0; window < 60 && !processWindows.Contains(0L); window++)
        {
            (long windowThread, long process) = Measure(pipeline, frame, ref id, 10);
            thread += windowThread;
            processWindows.Add(process);
        }

        Assert.True(thread == 0, $"the inference thread allocated {thread} bytes over {processWindows.Count * 10} frames");
        Assert.Contains(0L, processWindows);

        // A prompt and seed blend in progress allocates nothing on the frame path either (the update is made elsewhere).
        var control = new Thread(() => pipeline.Update(parameters with { Prompt = "a dog", Seed = 5 }));
        control.Start();
        Assert.True(control.Join(TimeSpan.FromSeconds(30)));
        pipeline.ProcessFrame(frame.At(id++)); // picks the target up (copies into preallocated blend buffers)
        Assert.True(pipeline.Status.Transitioning);
        (long blendThread, _) = Measure(pipeline, frame, ref id, 8);
        Assert.True(pipeline.Status.FramesIn > 20 + (10 * processWindows.Count));
        Assert.Equal(0, blendThread);
    }

    private static (long Thread, long Process) Measure(StreamPipeline pipeline, TestFrame frame, ref long id, int frames)
    {
        long end = id + frames;
        long threadBefore = GC.GetAllocatedBytesForCurrentThread();
        long processBefore = GC.GetTotalAllocatedBytes(precise: true);
        for (; id < end; id++)
        {
            frame.Phase = (id % 3) * 0.001f;
            pipeline.ProcessFrame(frame.At(id));
        }

        long process = GC.GetTotalAllocatedBytes(precise: true) - processBefore;
        long thread = GC.GetAllocatedBytesForCurrentThread() - threadBefore;
        return (thread, process);
    }
}
