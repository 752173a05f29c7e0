using System.Runtime.InteropServices;
using StreamDiffusion.Testing;

namespace StreamDiffusion.Ndi.Tests;

/// <summary>
/// Proves the test runner before the NDI interop builds on it: the runtime from the npm package loads inside the
/// loopback-only namespace and answers its version function.
/// </summary>
[Collection(TestCollections.EndToEnd)]
public sealed class NdiTestRuntimeTests(NdiTestRuntime ndi) : IClassFixture<NdiTestRuntime>
{
    [Fact]
    public void Tests_run_inside_a_loopback_only_namespace()
    {
        Assert.True(LoopbackNamespace.IsCurrent(out var reason), reason);
    }

    [Fact]
    public unsafe void Runtime_loads_and_reports_its_version()
    {
        var handle = NativeLibrary.Load(ndi.LibraryPath);
        try
        {
            var version = (delegate* unmanaged<byte*>)NativeLibrary.GetExport(handle, "NDIlib_version");
            var text = Marshal.PtrToStringUTF8((nint)version());
            Assert.NotNull(text);
            Assert.StartsWith("NDI SDK", text, StringComparison.Ordinal);
            Assert.Matches(@"\b[56]\.\d+\.\d+", text);
        }
        finally
        {
            NativeLibrary.Free(handle);
        }
    }

    [Fact]
    public void Loopback_config_is_where_NDI_CONFIG_DIR_points()
    {
        var configDir = Environment.GetEnvironmentVariable("NDI_CONFIG_DIR");
        Assert.Equal(ndi.ConfigFolder, configDir);
        Assert.Equal(NdiTestRuntime.LoopbackConfigJson, File.ReadAllText(Path.Combine(ndi.ConfigFolder, "ndi-config.v1.json")));
    }

    [Fact]
    public void Source_names_are_unique_per_call()
    {
        var first = NdiTestRuntime.UniqueSourceName("cam");
        var second = NdiTestRuntime.UniqueSourceName("cam");
        Assert.NotEqual(first, second);
        Assert.Contains(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), first, StringComparison.Ordinal);
    }
}
