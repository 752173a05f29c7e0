using System.Diagnostics;
using StreamDiffusion.Ndi.Interop;

namespace StreamDiffusion.Ndi;

/// <summary>Discovers NDI sources (mDNS, discovery servers, extra IPs) in the configured or given groups.</summary>
public sealed unsafe class NdiFinder : IDisposable
{
    private readonly NdiFindHandle _handle;
    private readonly NativeUtf8 _groups;
    private readonly NativeUtf8 _extraIps;
    private readonly Lock _lock = new();

    /// <summary>Creates a finder; throws <see cref="InvalidOperationException"/> when the runtime refuses.</summary>
    public NdiFinder(NdiRuntime runtime, NdiFinderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        options ??= new NdiFinderOptions();
        _groups = NativeUtf8.FromList(options.Groups);
        _extraIps = NativeUtf8.FromList(options.ExtraIps);
        var settings = new NdiFindCreate
        {
            ShowLocalSources = options.ShowLocalSources ? (byte)1 : (byte)0,
            Groups = _groups.Pointer,
            ExtraIps = _extraIps.Pointer,
        };
        _handle = NdiFindHandle.Create(runtime.Functions, settings) ?? throw new InvalidOperationException(
            $"The NDI runtime refused to create a finder (groups '{string.Join(',', options.Groups)}', extra IPs " +
            $"'{string.Join(',', options.ExtraIps)}'); check those values and the NDI configuration.");
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
        while (true)
        {
            var match = selector.FirstMatch(GetCurrentSources());
            var left = timeout - clock.Elapsed;
            if (match is not null || left <= TimeSpan.Zero)
            {
                return match;
            }

            WaitForSources(left < TimeSpan.FromMilliseconds(250) ? left : TimeSpan.FromMilliseconds(250));
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

    internal static uint ToMilliseconds(TimeSpan timeout) =>
        timeout <= TimeSpan.Zero ? 0 : (uint)Math.Min(timeout.TotalMilliseconds, int.MaxValue);
}
