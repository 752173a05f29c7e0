using System.Runtime.InteropServices;

namespace StreamDiffusion.Testing;

/// <summary>
/// Sets process environment variables through libc, so native libraries loaded later (the NDI runtime reads
/// <c>NDI_CONFIG_DIR</c>) see them; <see cref="Environment.SetEnvironmentVariable(string, string)"/> does not reach
/// native code on Linux.
/// </summary>
public static partial class NativeEnvironment
{
    /// <summary>Sets <paramref name="name"/> for managed and native code alike.</summary>
    public static void Set(string name, string value)
    {
        Environment.SetEnvironmentVariable(name, value);
        if (!OperatingSystem.IsWindows() && SetEnv(name, value, 1) != 0)
        {
            throw new InvalidOperationException($"setenv({name}) failed with errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int SetEnv(string name, string value, int overwrite);
}
