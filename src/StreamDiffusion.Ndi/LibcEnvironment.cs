using System.Runtime.InteropServices;

namespace StreamDiffusion.Ndi;

/// <summary>
/// Sets process environment variables where native code reads them. On Linux and macOS the managed
/// <see cref="Environment.SetEnvironmentVariable(string, string)"/> keeps its own copy that libc's <c>getenv</c> never
/// sees, so <c>NDI_CONFIG_DIR</c> must go through libc <c>setenv</c> before the NDI library loads.
/// </summary>
internal static partial class LibcEnvironment
{
    /// <summary>Sets <paramref name="name"/> for managed and native code alike; throws with errno on failure.</summary>
    public static void Set(string name, string value)
    {
        Environment.SetEnvironmentVariable(name, value);
        if (!OperatingSystem.IsWindows() && SetEnv(name, value, 1) != 0)
        {
            throw new InvalidOperationException(
                $"setenv(\"{name}\") failed with errno {Marshal.GetLastPInvokeError()}; the NDI runtime would not see '{value}'.");
        }
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int SetEnv(string name, string value, int overwrite);
}
