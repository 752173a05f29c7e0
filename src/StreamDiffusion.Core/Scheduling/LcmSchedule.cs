using System.Globalization;

namespace StreamDiffusion.Core.Scheduling;

/// <summary>
/// The LCM noise schedule every supported checkpoint uses: scaled-linear betas 0.00085 → 0.012 over 1000 training
/// steps and the 50-step LCM timesteps t = 999 − 20·idx (research/streamdiffusion.md §1.1–§1.3). All values are fp32
/// and computed once at construction, so the frame loop only reads arrays.
/// </summary>
public sealed class LcmSchedule
{
    /// <summary>Training timesteps of the noise schedule.</summary>
    public const int TrainTimesteps = 1000;

    /// <summary>Entries in the LCM timestep list that step indices point into.</summary>
    public const int InferenceSteps = 50;

    /// <summary>Most denoising steps one Stream Batch runs (the batch sizes the exported UNets are built for).</summary>
    public const int MaxSteps = 4;

    // The checkpoint configs hold these as Python floats (doubles); the square roots are taken before the fp32 linspace.
    private const double BetaStart0 = 0.00085;
    private const double BetaEnd0 = 0.012;
    private const float SigmaData = 0.5f;
    private const float TimestepScaling = 10f;

    private readonly float[] _alphasCumprod = new float[TrainTimesteps];
    private readonly StepCoefficients[] _steps = new StepCoefficients[InferenceSteps];

    /// <summary>The schedule (it has no parameters, so one shared instance serves every pipeline).</summary>
    public static LcmSchedule Default { get; } = new();

    private LcmSchedule()
    {
        // 1. Betas: an fp32 linspace of √β, squared (diffusers' scaled_linear), then the fp32 running product of 1 − β.
        float sqrtStart = (float)Math.Sqrt(BetaStart0);
        float sqrtEnd = (float)Math.Sqrt(BetaEnd0);
        float product = 1f;
        for (int i = 0; i < TrainTimesteps; i++)
        {
            float root = sqrtStart + ((sqrtEnd - sqrtStart) * i / (TrainTimesteps - 1));
            float beta = root * root;
            product *= 1f - beta;
            _alphasCumprod[i] = product;
        }

        // 2. Per LCM step: a_t, b_t and the consistency-model boundary scalings (c_skip ≈ 0, c_out ≈ 1 for t ≥ 19).
        for (int index = 0; index < InferenceSteps; index++)
        {
            int t = TimestepAt(index);
            float alphaBar = _alphasCumprod[t];
            float scaled = TimestepScaling * t;
            float denominator = (scaled * scaled) + (SigmaData * SigmaData);
            _steps[index] = new StepCoefficients(
                t,
                MathF.Sqrt(alphaBar),
                MathF.Sqrt(1f - alphaBar),
                SigmaData * SigmaData / denominator,
                scaled / MathF.Sqrt(denominator));
        }
    }

    /// <summary>ᾱ_t for every training timestep, fp32.</summary>
    public ReadOnlySpan<float> AlphasCumprod => _alphasCumprod;

    /// <summary>The LCM timestep of step index <paramref name="index"/> (0..49): t = 999 − 20·index.</summary>
    public static int TimestepAt(int index) => TrainTimesteps - 1 - (TrainTimesteps / InferenceSteps * index);

    /// <summary>The fp32 step constants of step index <paramref name="index"/> (0..49).</summary>
    public StepCoefficients this[int index]
    {
        get
        {
            if ((uint)index >= InferenceSteps)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(index),
                    index,
                    $"Step index {index} is outside the 50-step LCM schedule: it must be 0..{InferenceSteps - 1}. Fix: use an index between 0 (most noise) and {InferenceSteps - 1} (least).");
            }

            return _steps[index];
        }
    }

    /// <summary>
    /// Checks a t_index_list: 1..4 entries, each 0..49, strictly ascending. Throws an <see cref="ArgumentException"/>
    /// that names the entry, the value, the limit and the fix.
    /// </summary>
    public static void ValidateStepIndices(IReadOnlyList<int>? stepIndices, string parameterName)
    {
        if (stepIndices is null || stepIndices.Count == 0)
        {
            throw new ArgumentException(
                $"The step index list (t_index_list) is empty: it needs 1..{MaxSteps} entries. Fix: give at least one index, e.g. [32, 45] for img2img.",
                parameterName);
        }

        if (stepIndices.Count > MaxSteps)
        {
            throw new ArgumentException(
                $"The step index list (t_index_list) has {stepIndices.Count} entries ({Describe(stepIndices)}); at most {MaxSteps} denoising steps are supported. Fix: keep {MaxSteps} or fewer, e.g. [18, 26, 35, 45].",
                parameterName);
        }

        for (int i = 0; i < stepIndices.Count; i++)
        {
            int value = stepIndices[i];
            if ((uint)value >= InferenceSteps)
            {
                throw new ArgumentException(
                    $"Step index {value} at position {i} of {Describe(stepIndices)} is outside the 50-step LCM schedule: each must be 0..{InferenceSteps - 1}. Fix: use indices between 0 (most noise) and {InferenceSteps - 1} (least).",
                    parameterName);
            }

            if (i > 0 && value <= stepIndices[i - 1])
            {
                throw new ArgumentException(
                    $"Step index {value} at position {i} of {Describe(stepIndices)} is not greater than the one before it ({stepIndices[i - 1]}): the list must be strictly ascending (from most noise to least). Fix: sort the indices and remove duplicates.",
                    parameterName);
            }
        }
    }

    /// <summary>
    /// Maps an img2img strength in [0, 1] (1 = ignore the input, 0 = keep it) to <paramref name="steps"/> step indices:
    /// the first index is round(50·(1 − strength)) (the reference's strength ≈ (50 − idx)/50), the last is 45 as in
    /// every reference preset (or later when the first leaves no room), evenly spaced between.
    /// </summary>
    public static int[] StepIndicesForStrength(float strength, int steps)
    {
        if (!(strength >= 0f && strength <= 1f))
        {
            throw new ArgumentOutOfRangeException(
                nameof(strength),
                strength,
                $"Strength {strength.ToString(CultureInfo.InvariantCulture)} is outside [0, 1]. Fix: use 0 (keep the input) up to 1 (ignore it); 0.36 gives the reference img2img preset [32, 45].");
        }

        if (steps < 1 || steps > MaxSteps)
        {
            throw new ArgumentOutOfRangeException(
                nameof(steps),
                steps,
                $"Step count {steps} is outside 1..{MaxSteps}. Fix: choose 1 to {MaxSteps} denoising steps.");
        }

        int first = (int)MathF.Round(InferenceSteps * (1f - strength), MidpointRounding.ToEven);
        first = Math.Min(first, InferenceSteps - steps);
        const int usualLast = 45;
        int last = Math.Min(InferenceSteps - 1, Math.Max(usualLast, first + steps - 1));
        var indices = new int[steps];
        for (int i = 0; i < steps; i++)
        {
            // Spacing is 0 (one step) or at least 1, so rounding keeps the list strictly ascending.
            double position = steps == 1 ? first : first + ((double)(last - first) * i / (steps - 1));
            indices[i] = (int)Math.Round(position, MidpointRounding.ToEven);
        }

        return indices;
    }

    private static string Describe(IReadOnlyList<int> stepIndices)
    {
        var parts = new string[stepIndices.Count];
        for (int i = 0; i < parts.Length; i++)
        {
            parts[i] = stepIndices[i].ToString(CultureInfo.InvariantCulture);
        }

        return "[" + string.Join(", ", parts) + "]";
    }
}
