namespace StreamDiffusion.Ndi;

/// <summary>An NDI source as a finder lists it.</summary>
/// <param name="Name">The full name, <c>MACHINE (Source Name)</c>.</param>
/// <param name="Url">The opaque address the runtime reported (e.g. <c>127.0.0.1:5961</c>); empty when unknown.</param>
public sealed record NdiSource(string Name, string Url);
