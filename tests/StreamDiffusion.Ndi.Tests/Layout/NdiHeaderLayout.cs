using System.Globalization;
using StreamDiffusion.Testing;

namespace StreamDiffusion.Ndi.Tests.Layout;

/// <summary>
/// Compiles Layout/ndi_layout.c with gcc against the NDI headers of the npm test package and runs it once, keeping
/// what the C compiler says about sizes, offsets, table slots and enum values.
/// </summary>
public sealed class NdiHeaderLayout
{
    private readonly Dictionary<string, long> _facts = new(StringComparer.Ordinal);

    /// <summary>Compiles and runs the program; throws with the fix when gcc or the headers are missing.</summary>
    public NdiHeaderLayout()
    {
        HeaderFolder = FindHeaders();
        var source = Path.Combine(AppContext.BaseDirectory, "Layout", "ndi_layout.c");
        var work = Directory.CreateTempSubdirectory("sdb-ndi-layout-").FullName;
        try
        {
            var program = Path.Combine(work, "ndi_layout");
            var compile = ChildProcess.RunAsync("gcc", ["-std=c11", "-Wall", "-Werror", "-I", HeaderFolder, source, "-o", program], TimeSpan.FromSeconds(60))
                .GetAwaiter().GetResult();
            if (compile.ExitCode != 0)
            {
                throw new InvalidOperationException($"gcc could not compile {source} against {HeaderFolder}:\n{compile}");
            }

            var run = ChildProcess.RunAsync(program, [], TimeSpan.FromSeconds(30)).GetAwaiter().GetResult();
            if (run.ExitCode != 0)
            {
                throw new InvalidOperationException($"{program} failed:\n{run}");
            }

            foreach (var line in run.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var parts = line.Split(' ');
                _facts[string.Join(' ', parts[..^1])] = long.Parse(parts[^1], CultureInfo.InvariantCulture);
            }
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("The layout tests need gcc (apt-get install gcc; scripts/test.sh installs it): " + e.Message, e);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>The folder holding Processing.NDI.Lib.h.</summary>
    public string HeaderFolder { get; }

    /// <summary>sizeof(<paramref name="cStruct"/>).</summary>
    public long Size(string cStruct) => Fact($"size {cStruct}");

    /// <summary>offsetof(<paramref name="cStruct"/>, <paramref name="cField"/>).</summary>
    public long Offset(string cStruct, string cField) => Fact($"offset {cStruct} {cField}");

    /// <summary>Slot index of <paramref name="entry"/> in the NDIlib_v5 table.</summary>
    public long Slot(string entry) => Fact($"slot {entry}");

    /// <summary>Numeric value of the enum constant <paramref name="constant"/>.</summary>
    public long Value(string constant) => Fact($"value {constant}");

    private long Fact(string key) =>
        _facts.TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"ndi_layout.c printed no '{key}'; add it there.");

    private static string FindHeaders()
    {
        var candidates = new List<string>();
        var runtimeDir = Environment.GetEnvironmentVariable(NdiTestRuntime.RuntimeDirVariable);
        if (!string.IsNullOrEmpty(runtimeDir))
        {
            candidates.Add(Path.GetFullPath(Path.Combine(runtimeDir, "..", "..", "include")));
        }

        candidates.Add(Path.Combine(RepoPaths.Root, ".cache", "ndi", "grandiose-mac-0.0.6", "package", "include"));
        return candidates.FirstOrDefault(c => File.Exists(Path.Combine(c, "Processing.NDI.Lib.h")))
            ?? throw new DirectoryNotFoundException(
                $"The NDI headers (Processing.NDI.Lib.h) were not found in [{string.Join(", ", candidates)}]; scripts/fetch-ndi-test-runtime.sh extracts them.");
    }
}
