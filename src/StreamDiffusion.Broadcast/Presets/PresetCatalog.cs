using System.Collections.Immutable;

namespace StreamDiffusion.Broadcast.Presets;

/// <summary>
/// An immutable snapshot of the preset folder: the presets in force (the last good version of each file) and the
/// problems of files that were rejected. Swapped atomically on reload; readers never see a half-applied change.
/// </summary>
/// <param name="Presets">Presets in force by id, in id order.</param>
/// <param name="Problems">Problems by file path, for files whose current content was rejected.</param>
/// <param name="Generation">Increments with every change of the snapshot.</param>
public sealed record PresetCatalog(
    ImmutableSortedDictionary<string, Preset> Presets,
    ImmutableSortedDictionary<string, ImmutableArray<PresetProblem>> Problems,
    long Generation)
{
    /// <summary>An empty catalog.</summary>
    public static PresetCatalog Empty { get; } = new(
        ImmutableSortedDictionary.Create<string, Preset>(StringComparer.Ordinal),
        ImmutableSortedDictionary.Create<string, ImmutableArray<PresetProblem>>(StringComparer.Ordinal),
        0);

    /// <summary>The preset in button slot <paramref name="slot"/>; with duplicate slots the first id in order wins.</summary>
    public Preset? FindBySlot(int slot) => Presets.Values.FirstOrDefault(p => p.Slot == slot);
}
