namespace StreamDiffusion.Onnx.Synthetic;

/// <summary>Which real model family a synthetic folder imitates (text width and pad token).</summary>
public enum SyntheticFamily
{
    /// <summary>sd-turbo / SD 2.x: 1024-wide text embeddings, pad token "!" (id 0).</summary>
    SdTurboLike,

    /// <summary>SD 1.5 (+ LCM): 768-wide text embeddings, pad token &lt;|endoftext|&gt;.</summary>
    Sd15Like,
}
