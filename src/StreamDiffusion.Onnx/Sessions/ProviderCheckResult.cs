namespace StreamDiffusion.Onnx.Sessions;

/// <summary>Outcome of <see cref="ProviderSelfCheck"/>: whether the provider reproduced the CPU results.</summary>
/// <param name="Provider">Provider name checked.</param>
/// <param name="Passed">True when every model ran and stayed within the tolerance of CPU.</param>
/// <param name="MaxDifference">Largest |provider − cpu| over all outputs (NaN when a model could not run).</param>
/// <param name="Message">One sentence for the operator: what ran, the difference, or why it failed and the fix.</param>
public sealed record ProviderCheckResult(string Provider, bool Passed, double MaxDifference, string Message);
