namespace StreamDiffusion.Core.Scheduling;

/// <summary>
/// The fp32 constants of one LCM denoising step at timestep t (research/streamdiffusion.md §1.2, §1.3).
/// </summary>
/// <param name="Timestep">The training timestep t (0..999).</param>
/// <param name="A">a_t = √ᾱ_t, the signal scale.</param>
/// <param name="B">b_t = √(1 − ᾱ_t), the noise scale.</param>
/// <param name="CSkip">Consistency boundary c_skip(t) = σ² / ((s·t)² + σ²), with σ = 0.5 and s = 10.</param>
/// <param name="COut">Consistency boundary c_out(t) = s·t / √((s·t)² + σ²).</param>
public readonly record struct StepCoefficients(int Timestep, float A, float B, float CSkip, float COut);
