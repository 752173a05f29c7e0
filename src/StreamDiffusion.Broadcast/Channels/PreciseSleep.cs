using System.Diagnostics;
using System.Runtime.InteropServices;

namespace StreamDiffusion.Broadcast.Channels;

/// <summary>
/// Sleeps until a <see cref="Stopwatch"/> time with sub-millisecond accuracy, for the output pacer when no input
/// drives it. <c>Task.Delay</c> and timers follow the OS timer granularity (about 15.6 ms on Windows), which would
/// make a 60 fps output stutter (research/ops.md §4.2). Linux: <c>clock_nanosleep</c> on CLOCK_MONOTONIC with an
/// absolute deadline (the clock Stopwatch reads there). Elsewhere (Windows included, until a high-resolution waitable
/// timer is added and verified there): a coarse sleep to 2 ms before the deadline, then a short spin.
/// </summary>
public static partial class PreciseSleep
{
    private const int ClockMonotonic = 1;
    private const int TimerAbsoluteTime = 1;
    private const int Eintr = 4;

    /// <summary>Returns at or just after <paramref name="deadlineTicks"/>; at once when it has passed.</summary>
    public static void Until(long deadlineTicks)
    {
        if (Stopwatch.GetTimestamp() >= deadlineTicks)
        {
            return;
        }

        if (OperatingSystem.IsLinux())
        {
            SleepLinux(deadlineTicks);
        }
        else
        {
            SleepCoarseThenSpin(deadlineTicks);
        }
    }

    private static void SleepLinux(long deadlineTicks)
    {
        // Stopwatch on Linux reads CLOCK_MONOTONIC; convert its ticks to nanoseconds of that clock.
        var nanoseconds = (Int128)deadlineTicks * 1_000_000_000 / Stopwatch.Frequency;
        var deadline = new TimeSpec { Seconds = (long)(nanoseconds / 1_000_000_000), Nanoseconds = (long)(nanoseconds % 1_000_000_000) };
        int result;
        do
        {
            result = ClockNanosleep(ClockMonotonic, TimerAbsoluteTime, in deadline, IntPtr.Zero);
        }
        while (result == Eintr);

        if (result != 0)
        {
            SleepCoarseThenSpin(deadlineTicks);
        }
    }

    private static void SleepCoarseThenSpin(long deadlineTicks)
    {
        var spinMargin = Stopwatch.Frequency / 500; // 2 ms
        while (true)
        {
            var remaining = deadlineTicks - Stopwatch.GetTimestamp();
            if (remaining <= 0)
            {
                return;
            }

            if (remaining > spinMargin)
            {
                Thread.Sleep(TimeSpan.FromTicks((remaining - spinMargin) * TimeSpan.TicksPerSecond / Stopwatch.Frequency));
            }
            else
            {
                Thread.SpinWait(64);
            }
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_nanosleep")]
    private static partial int ClockNanosleep(int clockId, int flags, in TimeSpec request, IntPtr remain);
}
