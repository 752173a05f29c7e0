using System.Numerics.Tensors;

namespace StreamDiffusion.Core.Filtering;

/// <summary>
/// The stochastic similarity filter (research/streamdiffusion.md §1.9): cosine similarity S of the preprocessed input
/// with the last processed input, skip with probability max(0, (S − η)/(1 − η)), and never more than MaxSkipFrames
/// skips in a row. Owns a copy of the reference input; allocates only when the input size changes.
/// </summary>
public sealed class SimilarityFilter
{
    private const float NormFloor = 1e-6f;

    private readonly IUniformRandomSource _random;
    private float[] _reference = [];
    private bool _hasReference;
    private int _consecutiveSkips;

    /// <summary>Creates a filter drawing its skip decisions from <paramref name="random"/>.</summary>
    public SimilarityFilter(IUniformRandomSource random, SimilarityFilterSettings settings)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate(nameof(settings));
        _random = random;
        Settings = settings;
    }

    /// <summary>Current settings (validated by the caller).</summary>
    public SimilarityFilterSettings Settings { get; set; }

    /// <summary>Similarity of the last input checked against its reference (NaN before the first comparison).</summary>
    public float LastSimilarity { get; private set; } = float.NaN;

    /// <summary>Skips in a row so far.</summary>
    public int ConsecutiveSkips => _consecutiveSkips;

    /// <summary>Skip probability for similarity <paramref name="similarity"/> at threshold <paramref name="threshold"/>: max(0, (S − η)/(1 − η)), 0 when η ≥ 1.</summary>
    public static float SkipProbability(float similarity, float threshold)
    {
        if (!(threshold < 1f) || !(similarity > threshold))
        {
            return 0f;
        }

        return Math.Min(1f, (similarity - threshold) / (1f - threshold));
    }

    /// <summary>Cosine similarity ⟨a, b⟩ / max(‖a‖·‖b‖, 1e-6) over the flattened tensors.</summary>
    public static float CosineSimilarity(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        float norms = TensorPrimitives.Norm(a) * TensorPrimitives.Norm(b);
        return TensorPrimitives.Dot(a, b) / Math.Max(norms, NormFloor);
    }

    /// <summary>
    /// Decides whether <paramref name="input"/> may be skipped. With <paramref name="maySkip"/> false (filter disabled
    /// or suspended) the input is always processed. A processed input becomes the new reference.
    /// </summary>
    public bool ShouldSkip(ReadOnlySpan<float> input, bool maySkip)
    {
        if (maySkip && Settings.Enabled && _hasReference && _reference.Length == input.Length)
        {
            float similarity = CosineSimilarity(_reference, input);
            LastSimilarity = similarity;
            float probability = SkipProbability(similarity, Settings.Threshold);
            if (probability > 0f && _consecutiveSkips < Settings.MaxSkipFrames && _random.NextUniform() < probability)
            {
                _consecutiveSkips++;
                return true;
            }
        }

        _consecutiveSkips = 0;
        if (!Settings.Enabled)
        {
            // Keeping a reference costs a full-frame copy; when the filter is switched on, the first input becomes it.
            _hasReference = false;
            return false;
        }

        if (_reference.Length != input.Length)
        {
            _reference = new float[input.Length];
        }

        input.CopyTo(_reference);
        _hasReference = true;
        return false;
    }

    /// <summary>Forgets the reference (the next input is always processed).</summary>
    public void Reset()
    {
        _hasReference = false;
        _consecutiveSkips = 0;
        LastSimilarity = float.NaN;
    }
}
