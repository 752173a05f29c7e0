using System.Globalization;
using StreamDiffusion.Core.Filtering;
using StreamDiffusion.Core.Pipeline;
using StreamDiffusion.Core.Scheduling;

namespace StreamDiffusion.Broadcast.Presets;

/// <summary>A number range as the messages print it: <c>[0, 20]</c>, or <c>[0, 1)</c> when the maximum is excluded.</summary>
/// <param name="Min">Smallest value accepted.</param>
/// <param name="Max">Largest value accepted, or the first refused when <paramref name="MaxInclusive"/> is false.</param>
/// <param name="MaxInclusive">Whether <paramref name="Max"/> itself is accepted.</param>
public readonly record struct NumberRange(double Min, double Max, bool MaxInclusive = true)
{
    /// <summary>Whether <paramref name="value"/> is finite and inside the range.</summary>
    public bool Contains(double value) => double.IsFinite(value) && value >= Min && (MaxInclusive ? value <= Max : value < Max);

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"[{Min}, {Max}{(MaxInclusive ? "]" : ")")}");
}

/// <summary>
/// The limits of every look parameter, in one place for preset files (<see cref="PresetFileReader"/>) and live changes
/// (<c>Channels.ParameterChange</c>): a value a file may hold is exactly a value an operator may set, and both
/// are values the pipeline accepts. Each check returns the problem in words (value, limit, fix), or null when the
/// value is fine; callers prefix the field.
/// </summary>
public static class ParameterLimits
{
    /// <summary>Longest prompt or negative prompt, in characters.</summary>
    public const int MaxPromptLength = 4000;

    /// <summary>Longest preset name, in characters.</summary>
    public const int MaxNameLength = 200;

    /// <summary>Lowest button slot.</summary>
    public const int MinSlot = 1;

    /// <summary>Highest button slot.</summary>
    public const int MaxSlot = 99;

    /// <summary>Largest seed (seeds are whole numbers from 0).</summary>
    public const int MaxSeed = int.MaxValue;

    /// <summary>Most steps per frame the pipeline supports (research/streamdiffusion.md §1.2).</summary>
    public const int MaxSteps = LcmSchedule.MaxSteps;

    /// <summary>Largest index into the 50-step LCM schedule.</summary>
    public const int MaxStepIndex = LcmSchedule.InferenceSteps - 1;

    /// <summary>Most consecutive skips of the similarity filter.</summary>
    public const int MaxSkipFrames = SimilarityFilterSettings.MaxSkipFramesLimit;

    /// <summary>Guidance scale γ.</summary>
    public static NumberRange GuidanceScale { get; } = new(0, StreamParameters.MaxGuidanceScale);

    /// <summary>RCFG δ: above 1 the virtual negative overshoots, and the pipeline refuses it.</summary>
    public static NumberRange Delta { get; } = new(0, 1);

    /// <summary>Strength, mapped to step indices.</summary>
    public static NumberRange Strength { get; } = new(0, 1);

    /// <summary>Similarity filter threshold η; 1 is excluded because a filter that never skips is switched off instead.</summary>
    public static NumberRange FilterThreshold { get; } = new(0, 1, MaxInclusive: false);

    /// <summary>Blend duration of a transition, in seconds.</summary>
    public static NumberRange TransitionSeconds { get; } = new(0, StreamParameters.MaxTransitionDuration.TotalSeconds);

    /// <summary>The problem with a number limited to <paramref name="range"/>, or null.</summary>
    public static string? Number(double value, NumberRange range) =>
        range.Contains(value)
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"{value} is out of range; use a number in {range}.");

    /// <summary>The problem with a whole number limited to [<paramref name="min"/>, <paramref name="max"/>], or null.</summary>
    public static string? WholeNumber(long value, long min, long max) =>
        value >= min && value <= max
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"{value} is out of range; use a whole number in [{min}, {max}].");

    /// <summary>The problem with a text longer than <paramref name="maxLength"/> characters, or null.</summary>
    public static string? Text(string text, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length > maxLength ? $"is {text.Length} characters long; the limit is {maxLength}. Shorten it." : null;
    }

    /// <summary>The problem with a prompt (too long, or blank), or null.</summary>
    public static string? Prompt(string prompt) =>
        Text(prompt, MaxPromptLength)
        ?? (string.IsNullOrWhiteSpace(prompt) ? "the prompt is empty; write what the picture should look like." : null);

    /// <summary>
    /// The problem with a t_index list, or null: its length (index -1) or the first entry out of range or not
    /// ascending (that entry's index).
    /// </summary>
    public static (int Index, string Problem)? StepIndices(IReadOnlyList<int> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        if (steps.Count is < 1 or > MaxSteps)
        {
            return (-1, $"has {steps.Count} entries; use 1 to {MaxSteps} ascending step indices in [0, {MaxStepIndex}], e.g. [32, 45].");
        }

        for (var i = 0; i < steps.Count; i++)
        {
            if (WholeNumber(steps[i], 0, MaxStepIndex) is { } range)
            {
                return (i, range);
            }

            if (i > 0 && steps[i] <= steps[i - 1])
            {
                return (i, $"{steps[i]} does not come after {steps[i - 1]}; step indices must be strictly ascending, e.g. [32, 45].");
            }
        }

        return null;
    }
}
