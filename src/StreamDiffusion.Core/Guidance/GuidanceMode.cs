namespace StreamDiffusion.Core.Guidance;

/// <summary>
/// Classifier-free guidance variant (research/streamdiffusion.md §1.8). It fixes the UNet rows per frame: None and
/// Self n, Initialize n + 1, Full 2n, whatever the guidance scale, so shapes never change on air.
/// </summary>
public enum GuidanceMode
{
    /// <summary>No guidance: ε̂ = ε_cond (the reference's cfg_type "none"; γ is ignored).</summary>
    None,

    /// <summary>Standard CFG: every row also runs with the negative prompt (2n rows).</summary>
    Full,

    /// <summary>Residual CFG, self-negative: the virtual residual noise stands in for the negative prediction (n rows).</summary>
    Self,

    /// <summary>Residual CFG, one-time negative: the negative prompt runs on the step-0 row only (n + 1 rows).</summary>
    Initialize,
}
