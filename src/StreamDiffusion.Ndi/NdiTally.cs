namespace StreamDiffusion.Ndi;

/// <summary>Tally as receivers report it to a sender: on air (program) and/or cued (preview).</summary>
public readonly record struct NdiTally(bool OnProgram, bool OnPreview);
