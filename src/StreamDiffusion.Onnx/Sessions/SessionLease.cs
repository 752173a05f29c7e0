using Microsoft.ML.OnnxRuntime;

namespace StreamDiffusion.Onnx.Sessions;

/// <summary>One holder's share of a pooled <see cref="InferenceSession"/>; disposing it releases the share.</summary>
public sealed class SessionLease : IDisposable
{
    private readonly SessionPool _pool;
    private int _released;

    internal SessionLease(SessionPool pool, string key, string modelPath, InferenceSession session)
    {
        _pool = pool;
        Key = key;
        ModelPath = modelPath;
        Session = session;
    }

    /// <summary>The pool key: model file, provider settings and shapes.</summary>
    public string Key { get; }

    /// <summary>The model file the session was created from.</summary>
    public string ModelPath { get; }

    /// <summary>The shared session. Run it with per-holder buffers and bindings; never dispose it directly.</summary>
    public InferenceSession Session { get; }

    /// <summary>Releases this share; the session closes when the last share is released.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            _pool.Release(Key);
        }
    }
}
