namespace StreamDiffusion.Broadcast.Presets;

/// <summary>One thing wrong with a preset file: where it is and what to do about it.</summary>
/// <param name="File">Path of the preset file.</param>
/// <param name="Line">1-based line of the offending value (1 when the whole file is at fault).</param>
/// <param name="Field">JSON field, e.g. <c>similarityFilter.threshold</c>; empty for the whole file.</param>
/// <param name="Message">What is wrong and how to fix it.</param>
public sealed record PresetProblem(string File, int Line, string Field, string Message)
{
    /// <summary><c>file:line: field: message</c>, the form editors and operators recognise.</summary>
    public override string ToString() =>
        Field.Length == 0 ? $"{File}:{Line}: {Message}" : $"{File}:{Line}: {Field}: {Message}";
}
