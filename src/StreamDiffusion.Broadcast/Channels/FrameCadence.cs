using System.Diagnostics;

namespace StreamDiffusion.Broadcast.Channels;

/// <summary>
/// The send slots of an output at an exact rational rate N/D (30000/1001, 25/1, …). Slot k is computed from the origin
/// in 128-bit integer arithmetic, never by adding a rounded period, so the cadence does not drift over weeks.
/// Times are <see cref="Stopwatch"/> ticks.
/// </summary>
public sealed class FrameCadence
{
    private readonly long _origin;
    private readonly Int128 _ticksPerFrameNumerator;
    private readonly int _rateNumerator;

    /// <summary>Starts slot 0 at <paramref name="originTicks"/> for the rate <paramref name="rateNumerator"/>/<paramref name="rateDenominator"/> frames per second.</summary>
    public FrameCadence(int rateNumerator, int rateDenominator, long originTicks)
    {
        if (rateNumerator <= 0 || rateDenominator <= 0 || (double)rateNumerator / rateDenominator > 300)
        {
            throw new ArgumentOutOfRangeException(nameof(rateNumerator),
                $"frame rate {rateNumerator}/{rateDenominator} is not usable; give a positive N/D of at most 300 fps, e.g. 30000/1001 or 50/1.");
        }

        _rateNumerator = rateNumerator;
        RateDenominator = rateDenominator;
        _origin = originTicks;
        _ticksPerFrameNumerator = (Int128)Stopwatch.Frequency * rateDenominator;
    }

    /// <summary>Rate numerator N.</summary>
    public int RateNumerator => _rateNumerator;

    /// <summary>Rate denominator D.</summary>
    public int RateDenominator { get; }

    /// <summary>The nominal frame period.</summary>
    public TimeSpan Period => TimeSpan.FromSeconds((double)RateDenominator / _rateNumerator);

    /// <summary>The time of slot <paramref name="index"/>.</summary>
    public long SlotTime(long index) => _origin + (long)(index * _ticksPerFrameNumerator / _rateNumerator);

    /// <summary>The first slot whose time is at or after <paramref name="ticks"/>.</summary>
    public long SlotAtOrAfter(long ticks)
    {
        if (ticks <= _origin)
        {
            return 0;
        }

        // ceil((ticks - origin) * N / (F * D))
        var elapsed = (Int128)(ticks - _origin) * _rateNumerator;
        var index = (long)(elapsed / _ticksPerFrameNumerator);
        return SlotTime(index) >= ticks ? index : index + 1;
    }
}
