using StreamDiffusion.Testing;

namespace StreamDiffusion.Ndi.Tests.Loopback;

/// <summary>
/// Class fixture: the NDI test runtime (inside the loopback-only namespace, loopback config) loaded through our own
/// <see cref="NdiRuntime.TryLoad"/>, exactly as the service loads it.
/// </summary>
public sealed class LoadedNdi : IDisposable
{
    /// <summary>Sets up the namespace checks and config, then loads the runtime; throws with the loader's reason.</summary>
    public LoadedNdi()
    {
        Environment = new NdiTestRuntime();
        if (!NdiRuntime.TryLoad(NdiRuntimeSearch.ForThisMachine(), out var runtime, out var reason))
        {
            Environment.Dispose();
            throw new InvalidOperationException(reason);
        }

        Runtime = runtime;
    }

    /// <summary>The test runtime's folders and names.</summary>
    public NdiTestRuntime Environment { get; }

    /// <summary>The runtime as our loader loaded it.</summary>
    public NdiRuntime Runtime { get; }

    /// <inheritdoc />
    public void Dispose() => Environment.Dispose();
}
