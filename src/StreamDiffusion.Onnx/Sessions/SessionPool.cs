using Microsoft.ML.OnnxRuntime;

namespace StreamDiffusion.Onnx.Sessions;

/// <summary>
/// Shares ONNX Runtime sessions per (model file, execution provider settings, shapes), so channels that run the same
/// model on the same device hold one session (one copy of the weights) instead of one each. Reference-counted:
/// the session closes when its last <see cref="SessionLease"/> is disposed.
/// </summary>
public sealed class SessionPool : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>Sessions currently open (for status and tests).</summary>
    public int OpenSessions
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>
    /// A share of the session for <paramref name="modelPath"/> on <paramref name="provider"/> at <paramref name="shapeKey"/>,
    /// creating it on first use. Throws <see cref="OnnxRuntimeException"/> when ORT cannot load the file and
    /// <see cref="ExecutionProviderException"/> when the provider is not available.
    /// </summary>
    public SessionLease Acquire(string modelPath, ExecutionProviderSettings provider, string shapeKey)
    {
        ArgumentNullException.ThrowIfNull(provider);
        var fullPath = Path.GetFullPath(modelPath);
        var key = $"{fullPath}|{provider.Key}|{shapeKey}";
        lock (_gate)
        {
            if (!_entries.TryGetValue(key, out var entry))
            {
                using var options = SessionOptionsFactory.Create(provider);
                entry = new Entry(new InferenceSession(fullPath, options));
                _entries.Add(key, entry);
            }

            entry.References++;
            return new SessionLease(this, key, fullPath, entry.Session);
        }
    }

    /// <summary>Closes every session, leased or not (at shutdown).</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var entry in _entries.Values)
            {
                entry.Session.Dispose();
            }

            _entries.Clear();
        }
    }

    internal void Release(string key)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var entry) && --entry.References == 0)
            {
                entry.Session.Dispose();
                _entries.Remove(key);
            }
        }
    }

    private sealed class Entry(InferenceSession session)
    {
        public InferenceSession Session { get; } = session;

        public int References { get; set; }
    }
}
