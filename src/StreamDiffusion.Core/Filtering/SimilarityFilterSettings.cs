using System.Globalization;

namespace StreamDiffusion.Core.Filtering;

/// <summary>
/// Settings of the stochastic similarity filter (research/streamdiffusion.md §1.9). Blendable: applied live.
/// </summary>
/// <param name="Enabled">Whether near-identical inputs may be skipped (off by default, as in the reference).</param>
/// <param name="Threshold">η: similarity above which skipping becomes possible; 1 never skips. Reference 0.98.</param>
/// <param name="MaxSkipFrames">Most consecutive skips before a frame is processed anyway. Reference 10.</param>
public sealed record SimilarityFilterSettings(bool Enabled = false, float Threshold = 0.98f, int MaxSkipFrames = 10)
{
    /// <summary>Most consecutive skips allowed (a ceiling so a frozen source still refreshes within seconds).</summary>
    public const int MaxSkipFramesLimit = 1000;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the field, the value, the limit and the fix.</summary>
    public void Validate(string parameterName)
    {
        if (!(Threshold >= 0f && Threshold <= 1f))
        {
            throw new ArgumentException(
                $"Similarity filter threshold {Threshold.ToString(CultureInfo.InvariantCulture)} is outside [0, 1]. Fix: use a cosine similarity such as 0.98 (the reference default); 1 never skips.",
                parameterName);
        }

        if (MaxSkipFrames < 0 || MaxSkipFrames > MaxSkipFramesLimit)
        {
            throw new ArgumentException(
                $"Similarity filter MaxSkipFrames {MaxSkipFrames} is outside 0..{MaxSkipFramesLimit}. Fix: use a small count such as 10 (the reference default).",
                parameterName);
        }
    }
}
