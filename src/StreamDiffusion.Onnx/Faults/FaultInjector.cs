namespace StreamDiffusion.Onnx.Faults;

/// <summary>
/// Counts runs of one wrapped model and applies its <see cref="FaultPlan"/>: throw before running, stall before
/// running, or poison the output after running. Thread-safe; the fault-free path allocates nothing.
/// </summary>
public sealed class FaultInjector : IDisposable
{
    private readonly ManualResetEventSlim _release = new(false);
    private readonly string _model;
    private long _runs;
    private long _stalls;

    /// <summary>Creates an injector for <paramref name="model"/> (named in messages) following <paramref name="plan"/>.</summary>
    public FaultInjector(string model, FaultPlan plan)
    {
        _model = model;
        Plan = plan;
    }

    /// <summary>The plan applied.</summary>
    public FaultPlan Plan { get; }

    /// <summary>Runs started so far (including faulted ones).</summary>
    public long Runs => Interlocked.Read(ref _runs);

    /// <summary>Runs that are stalled right now.</summary>
    public long StalledNow => Interlocked.Read(ref _stalls);

    /// <summary>Ends current and future stalls at once (so a test can shut down without waiting).</summary>
    public void ReleaseStalls() => _release.Set();

    /// <summary>Called before a run: counts it, throws or stalls as planned; returns true when the output must be poisoned.</summary>
    public bool BeforeRun()
    {
        var run = Interlocked.Increment(ref _runs);
        if (Hits(run, Plan.ThrowEvery))
        {
            throw new InjectedFaultException($"Injected fault in {_model} on run {run} (plan: throw every {Plan.ThrowEvery}).");
        }

        if (Hits(run, Plan.StallEvery))
        {
            Interlocked.Increment(ref _stalls);
            try
            {
                _release.Wait(Plan.StallFor);
            }
            finally
            {
                Interlocked.Decrement(ref _stalls);
            }
        }

        return Hits(run, Plan.NaNEvery);
    }

    /// <summary>Releases stalls and the wait handle.</summary>
    public void Dispose()
    {
        _release.Set();
        _release.Dispose();
    }

    private static bool Hits(long run, int every) => every > 0 && run % every == 0;
}
