using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using StreamDiffusion.Ndi.Interop;

namespace StreamDiffusion.Ndi;

/// <summary>
/// The loaded NDI runtime: an ordinary object the host creates with <see cref="TryLoad"/> and hands to finders,
/// receivers and senders. A missing or unusable runtime is reported as one plain sentence, never thrown, so the rest
/// of the service keeps running.
/// </summary>
/// <remarks>
/// The library stays mapped for the life of the process: its worker threads can outlive the last NDI object, and
/// unmapping it under them would crash the process. Set <c>NDI_CONFIG_DIR</c> (see <see cref="NdiConfigDirectory"/>)
/// before the first load in a process; the runtime reads its configuration once.
/// </remarks>
public sealed partial class NdiRuntime
{
    /// <summary>Load entries tried in order; each returns the same table, NDI 6 entries extend it by appending.</summary>
    private static readonly string[] s_loadEntries = ["NDIlib_v5_load", "NDIlib_v6_load", "NDIlib_v6_3_load"];

    private NdiRuntime(string libraryPath, string loadEntry, string versionText, Version version, NdiFunctionTable functions)
    {
        LibraryPath = libraryPath;
        LoadEntry = loadEntry;
        VersionText = versionText;
        Version = version;
        Functions = functions;
    }

    /// <summary>The file (or system library name) that was loaded.</summary>
    public string LibraryPath { get; }

    /// <summary>The entry point whose function table is used, e.g. <c>NDIlib_v5_load</c>.</summary>
    public string LoadEntry { get; }

    /// <summary>The library's own version text, e.g. <c>NDI SDK LINUX 10:20:36 Oct 19 2022 5.5.2</c>.</summary>
    public string VersionText { get; }

    /// <summary>The dotted version at the end of <see cref="VersionText"/>, e.g. 5.5.2.</summary>
    public Version Version { get; }

    internal NdiFunctionTable Functions { get; }

    /// <summary>One line for logs and <c>sdbroadcast check</c>.</summary>
    public override string ToString() => $"NDI runtime {Version} ({LibraryPath}, {LoadEntry})";

    /// <summary>
    /// Tries every place in <paramref name="search"/> and keeps the first library that exports an NDI load entry,
    /// supports this CPU and initialises. On failure <paramref name="reason"/> lists every path tried and how to fix it.
    /// </summary>
    public static bool TryLoad(NdiRuntimeSearch search, [NotNullWhen(true)] out NdiRuntime? runtime, out string reason)
    {
        ArgumentNullException.ThrowIfNull(search);
        var tried = new List<string>();
        foreach (var file in search.Files)
        {
            if (!File.Exists(file))
            {
                tried.Add($"{file} (no such file)");
                continue;
            }

            nint handle;
            try
            {
                handle = NativeLibrary.Load(file);
            }
            catch (DllNotFoundException e)
            {
                tried.Add($"{file} (cannot be loaded: {e.Message.Trim()})");
                continue;
            }
            catch (BadImageFormatException e)
            {
                tried.Add($"{file} (not a library for this process: {e.Message.Trim()})");
                continue;
            }

            if (TryAccept(file, handle, out runtime, out var refusal))
            {
                reason = "";
                return true;
            }

            tried.Add($"{file} ({refusal})");
        }

        foreach (var name in search.SystemLibraryNames)
        {
            if (!NativeLibrary.TryLoad(name, out var handle))
            {
                tried.Add($"{name} on the system library path (not found)");
                continue;
            }

            if (TryAccept(name, handle, out runtime, out var refusal))
            {
                reason = "";
                return true;
            }

            tried.Add($"{name} on the system library path ({refusal})");
        }

        runtime = null;
        var fileName = NdiRuntimeSearch.LibraryFileNames()[0];
        reason = $"The NDI runtime was not found or not usable; tried: {string.Join("; ", tried)}. " +
                 $"Install the NDI 6 runtime from {NdiRuntimeSearch.DownloadUrl} (Linux: the NDI SDK's {fileName}) " +
                 $"or set NDI_RUNTIME_DIR_V6 to the folder that holds {fileName}, then restart the service.";
        return false;
    }

    private static unsafe bool TryAccept(string path, nint library, [NotNullWhen(true)] out NdiRuntime? runtime, out string refusal)
    {
        runtime = null;
        string? entryName = null;
        nint entry = 0;
        foreach (var name in s_loadEntries)
        {
            if (NativeLibrary.TryGetExport(library, name, out entry))
            {
                entryName = name;
                break;
            }
        }

        if (entryName is null)
        {
            // Not the NDI runtime (e.g. the unrelated open-source libndi.so.0): let it go again.
            NativeLibrary.Free(library);
            refusal = $"loads, but exports none of {string.Join(", ", s_loadEntries)}, so it is not the NDI runtime";
            return false;
        }

        var table = ((delegate* unmanaged[Cdecl]<nint>)entry)();
        if (table == 0)
        {
            refusal = $"{entryName} returned no function table";
            return false;
        }

        var functions = new NdiFunctionTable(table);
        if (!functions.IsComplete(out var missing))
        {
            refusal = $"the function table from {entryName} has no '{missing}' entry";
            return false;
        }

        var versionText = NdiFunctionTable.Utf8(functions.Version());
        var match = VersionPattern().Match(versionText);
        if (!match.Success || !System.Version.TryParse(match.Value, out var version))
        {
            refusal = $"its version text '{versionText}' carries no version number";
            return false;
        }

        if (version.Major < 5)
        {
            refusal = $"it is NDI {version}, and at least NDI 5.0 is needed";
            return false;
        }

        if (functions.IsSupportedCpu() == 0)
        {
            refusal = $"NDI {version} does not support this CPU (it needs SSSE3/SSE4.2 on x86-64)";
            return false;
        }

        if (functions.Initialize() == 0)
        {
            refusal = $"NDI {version} failed to initialise";
            return false;
        }

        runtime = new NdiRuntime(path, entryName, versionText, version, functions);
        refusal = "";
        return true;
    }

    /// <summary>Formats a frame rate as N/D for messages.</summary>
    internal static string Rate(int n, int d) => string.Create(CultureInfo.InvariantCulture, $"{n}/{d}");

    [GeneratedRegex(@"\d+\.\d+(\.\d+){0,2}$")]
    private static partial Regex VersionPattern();
}
