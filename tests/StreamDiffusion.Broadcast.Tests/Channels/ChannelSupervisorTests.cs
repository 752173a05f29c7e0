using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using StreamDiffusion.Broadcast.Channels;

namespace StreamDiffusion.Broadcast.Tests.Channels;

public sealed class ChannelSupervisorTests
{
    private sealed class ScriptedChannel(string name, TimeProvider time, Func<int, Exception?> failure) : IChannelRunner
    {
        private readonly List<DateTimeOffset> _starts = [];
        private int _runs;

        public string Name => name;

        /// <summary>The (fake) time of each run's start.</summary>
        public IReadOnlyList<DateTimeOffset> Starts
        {
            get
            {
                lock (_starts)
                {
                    return [.. _starts];
                }
            }
        }

        public ChannelStatusBoard Status { get; } = new(name, time);

        public int Runs => Volatile.Read(ref _runs);

        public async Task RunAsync(CancellationToken stoppingToken)
        {
            lock (_starts)
            {
                _starts.Add(time.GetUtcNow());
            }

            var run = Interlocked.Increment(ref _runs);
            if (failure(run) is { } e)
            {
                throw e;
            }

            Status.Set(ChannelState.Live, "running");
            await Task.Delay(Timeout.Infinite, stoppingToken);
        }
    }

    private sealed class RecordingLifetime : IHostApplicationLifetime
    {
        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => CancellationToken.None;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public bool StopRequested { get; private set; }

        public void StopApplication() => StopRequested = true;
    }

    private static async Task Until(Func<bool> condition, string what, FakeTimeProvider? advance = null)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"timed out waiting for {what}");
            await Task.Delay(10, TestContext.Current.CancellationToken);
            advance?.Advance(TimeSpan.FromMilliseconds(50));
        }
    }

    [Fact]
    public async Task A_failing_channel_is_restarted_with_backoff_while_the_others_keep_running()
    {
        var time = new FakeTimeProvider();
        var flaky = new ScriptedChannel("flaky", time, run => run <= 2 ? new InvalidOperationException($"boom {run}") : null);
        var steady = new ScriptedChannel("steady", time, _ => null);
        var lifetime = new RecordingLifetime();
        using var supervisor = new ChannelSupervisor([flaky, steady], lifetime, time, NullLogger<ChannelSupervisor>.Instance);

        await supervisor.StartAsync(TestContext.Current.CancellationToken);
        await Until(() => flaky.Runs == 1 && flaky.Status.Current.State == ChannelState.Faulted, "the first failure");
        Assert.Contains("boom 1", flaky.Status.Current.Reason, StringComparison.Ordinal);
        Assert.Contains("restarting in 1 s", flaky.Status.Current.Reason, StringComparison.Ordinal);

        // Fake time moves on in small steps while we watch, so the supervisor's back-off timers fire whenever they
        // were set; the start times the channel records then show the back-off itself.
        await Until(() => flaky.Status.Current.State == ChannelState.Live, "the recovery", time);

        var starts = flaky.Starts;
        Assert.Equal(3, starts.Count);
        Assert.InRange(starts[1] - starts[0], TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1.9));
        Assert.InRange(starts[2] - starts[1], TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2.9));
        Assert.Equal(2, flaky.Status.Current.Restarts);
        Assert.Equal(1, steady.Runs);
        Assert.Equal(ChannelState.Live, steady.Status.Current.State);
        Assert.False(lifetime.StopRequested);

        await supervisor.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_fatal_condition_stops_the_host_with_a_non_zero_exit_code()
    {
        var time = new FakeTimeProvider();
        var poisoned = new ScriptedChannel("gpu", time, _ => new ChannelFatalException("CUDA context lost"));
        var lifetime = new RecordingLifetime();
        var exitCode = 0;
        using var supervisor = new ChannelSupervisor([poisoned], lifetime, time, NullLogger<ChannelSupervisor>.Instance, setExitCode: code => exitCode = code);

        await supervisor.StartAsync(TestContext.Current.CancellationToken);
        await Until(() => lifetime.StopRequested, "the host stop");

        Assert.Equal(ChannelSupervisor.FatalExitCode, exitCode);
        Assert.Equal(ChannelState.Faulted, poisoned.Status.Current.State);
        Assert.Contains("CUDA context lost", poisoned.Status.Current.Reason, StringComparison.Ordinal);
        await supervisor.StopAsync(TestContext.Current.CancellationToken);
    }
}
