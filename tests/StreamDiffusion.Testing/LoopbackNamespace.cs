namespace StreamDiffusion.Testing;

/// <summary>
/// Guards the rule that the NDI runtime is loaded only where discovery traffic cannot leave the machine: inside a
/// network namespace whose only interface is loopback (scripts/test.sh makes one with <c>unshare -n</c>).
/// </summary>
public static class LoopbackNamespace
{
    /// <summary>True when this process sees no network interface but <c>lo</c>.</summary>
    public static bool IsCurrent(out string reason)
    {
        if (!OperatingSystem.IsLinux())
        {
            reason = "the loopback-only namespace exists only on Linux; NDI tests run there (scripts/test.sh).";
            return false;
        }

        // /proc/self/net follows the network namespace; /sys/class/net follows whoever mounted sysfs, so it is not used.
        var interfaces = File.ReadLines("/proc/self/net/dev")
            .Skip(2)
            .Select(line => line.Split(':', 2)[0].Trim())
            .Where(name => name.Length > 0)
            .Order(StringComparer.Ordinal)
            .ToArray();
        if (interfaces is ["lo"])
        {
            reason = "";
            return true;
        }

        reason = $"this process sees the network interfaces [{string.Join(", ", interfaces)}]; the NDI runtime may only be " +
                 "loaded inside a loopback-only namespace. Run the tests through scripts/test.sh, or by hand with " +
                 "`unshare -n sh -c 'ip link set lo up; …'`.";
        return false;
    }
}
