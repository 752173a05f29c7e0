using System.Diagnostics;
using StreamDiffusion.Ndi.Interop;

namespace StreamDiffusion.Ndi;

/// <summary>Discovers NDI sources (mDNS, discovery servers, extra IPs) in the configured or given groups.</summary>
/// <remarks>
/// A machine queried by extra IP answers on TCP 5960, where every NDI process on it listens with a shared port: each
/// query reaches one of those processes and lists only that process's sources (seen with the NDI 5.5 runtime on Linux).
/// A native finder keeps the answer of its one query, so <see cref="WaitFor"/> and <see cref="Collect"/> renew the
/// native finder while they wait, and <see cref="Collect"/> keeps the union of what each one saw.
/// </remarks>
public sealed unsafe class NdiFinder : IDisposable
{
    private readonly NdiFunctionTable _functions;
    private readonly NdiFinderOptions _options;
    private readonly NativeUtf8 _groups;
    private readonly NativeUtf8 _extraIps;
    private readonly Lock _lock = new();
    private NdiFindHandle _handle;

    /// <summary>Creates a finder; throws <see cref="InvalidOperationException"/> when the runtime refuses.</summary>
    public NdiFinder(NdiRuntime runtime, NdiFinderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        options ??= new NdiFinderOptions();
        _groups = NativeUtf8.FromList(options.Groups);
        _extraIps = NativeUtf8.FromList(options.ExtraIps);
        _functions = runtime.Functions;
        _options = options;
        _handle = CreateHandle();
    }

    /// <summary>How often <see cref="WaitFor"/> renews the native finder while the source is missing.</summary>
    public static TimeSpan RenewInterval { get; } = TimeSpan.FromSeconds(1);

    /// <summary>Replaces the native finder with a fresh one, which queries every discovery path again.</summary>
    public void Renew()
    {
        lock (_lock)
        {
            var fresh = CreateHandle();
            _handle.Dispose();
            _handle = fresh;
        }
    }

    /// <summary>Waits up to <paramref name="timeout"/> for the source list to change; true when it did.</summary>
    public bool WaitForSources(TimeSpan timeout)
    {
        lock (_lock)
        {
            return _handle.WaitForSources(ToMilliseconds(timeout));
        }
    }

    /// <summary>The sources known now (a fresh copy; the native list belongs to the finder).</summary>
    public IReadOnlyList<NdiSource> GetCurrentSources()
    {
        lock (_lock)
        {
            var sources = _handle.GetCurrentSources(out var count);
            var list = new NdiSource[count];
            for (var i = 0; i < count; i++)
            {
                list[i] = new NdiSource(NdiFunctionTable.Utf8(sources[i].NdiName), NdiFunctionTable.Utf8(sources[i].UrlAddress));
            }

            return list;
        }
    }

    /// <summary>Waits up to <paramref name="timeout"/> for a source that <paramref name="selector"/> selects; null if none came.</summary>
    public NdiSource? WaitFor(NdiSourceSelector selector, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(selector);
        var clock = Stopwatch.StartNew();
        var sinceRenew = Stopwatch.StartNew();
        while (true)
        {
            var match = selector.FirstMatch(GetCurrentSources());
            var left = timeout - clock.Elapsed;
            if (match is not null || left <= TimeSpan.Zero)
            {
                return match;
            }

            if (sinceRenew.Elapsed >= RenewInterval)
            {
                Renew();
                sinceRenew.Restart();
            }

            WaitForSources(left < TimeSpan.FromMilliseconds(250) ? left : TimeSpan.FromMilliseconds(250));
        }
    }

    /// <summary>
    /// Listens for <paramref name="duration"/>, renewing the native finder every <paramref name="renewEvery"/>, and
    /// returns every source seen, by name (the latest address wins).
    /// </summary>
    public IReadOnlyList<NdiSource> Collect(TimeSpan duration, TimeSpan renewEvery)
    {
        var seen = new Dictionary<string, NdiSource>(StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        var sinceRenew = Stopwatch.StartNew();
        while (true)
        {
            foreach (var source in GetCurrentSources())
            {
                seen[source.Name] = source;
            }

            var left = duration - clock.Elapsed;
            if (left <= TimeSpan.Zero)
            {
                return [.. seen.Values.OrderBy(s => s.Name, StringComparer.Ordinal)];
            }

            if (sinceRenew.Elapsed >= renewEvery)
            {
                Renew();
                sinceRenew.Restart();
            }

            WaitForSources(left < TimeSpan.FromMilliseconds(100) ? left : TimeSpan.FromMilliseconds(100));
        }
    }

    /// <summary>Type tag and native address.</summary>
    public override string ToString() => _handle.ToString();

    /// <inheritdoc />
    public void Dispose()
    {
        _handle.Dispose();
        _groups.Dispose();
        _extraIps.Dispose();
    }

    private NdiFindHandle CreateHandle()
    {
        var settings = new NdiFindCreate
        {
            ShowLocalSources = _options.ShowLocalSources ? (byte)1 : (byte)0,
            Groups = _groups.Pointer,
            ExtraIps = _extraIps.Pointer,
        };
        return NdiFindHandle.Create(_functions, settings) ?? throw new InvalidOperationException(
            $"The NDI runtime refused to create a finder (groups '{string.Join(',', _options.Groups)}', extra IPs " +
            $"'{string.Join(',', _options.ExtraIps)}'); check those values and the NDI configuration.");
    }

    internal static uint ToMilliseconds(TimeSpan timeout) =>
        timeout <= TimeSpan.Zero ? 0 : (uint)Math.Min(timeout.TotalMilliseconds, int.MaxValue);
}
