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
        private int _runs;

        public string Name => name;

        public ChannelStatusBoard Status { get; } = new(name, time);

        public int Runs => Volatile.Read(ref _runs);

        public async Task RunAsync(CancellationToken stoppingToken)
        {
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

    private static async Task Until(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"timed out waiting for {what}");
            await Task.Delay(10, TestContext.Current.CancellationToken);
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

        time.Advance(TimeSpan.FromMilliseconds(999));
        await Task.Delay(50, TestContext.Current.CancellationToken);
        Assert.Equal(1, flaky.Runs); // not before the back-off has passed

        time.Advance(TimeSpan.FromMilliseconds(1));
        await Until(() => flaky.Runs == 2 && flaky.Status.Current.Reason.Contains("restarting in 2 s", StringComparison.Ordinal), "the second failure");
        time.Advance(TimeSpan.FromSeconds(2));
        await Until(() => flaky.Status.Current.State == ChannelState.Live, "the recovery");

        Assert.Equal(3, flaky.Runs);
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
