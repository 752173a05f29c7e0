namespace StreamDiffusion.Onnx.Faults;

/// <summary>
/// Which runs of a wrapped model misbehave, counted from 1: every <see cref="ThrowEvery"/>-th run throws, every
/// <see cref="StallEvery"/>-th run stalls for <see cref="StallFor"/> (or until released), every
/// <see cref="NaNEvery"/>-th run writes NaN into its output. 0 turns a fault off. For the host's resilience tests.
/// </summary>
public sealed record FaultPlan
{
    /// <summary>No faults.</summary>
    public static FaultPlan None { get; } = new();

    /// <summary>Every k-th run throws <see cref="InjectedFaultException"/> (0 = never).</summary>
    public int ThrowEvery { get; init; }

    /// <summary>Every k-th run stalls before running (0 = never).</summary>
    public int StallEvery { get; init; }

    /// <summary>How long a stall lasts unless <see cref="FaultInjector.ReleaseStalls"/> ends it first.</summary>
    public TimeSpan StallFor { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Every k-th run returns NaN in its whole output (0 = never).</summary>
    public int NaNEvery { get; init; }
}
