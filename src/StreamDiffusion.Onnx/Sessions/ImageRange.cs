namespace StreamDiffusion.Onnx.Sessions;

/// <summary>The pixel range a VAE graph works in. The Core interfaces always speak [-1, 1]; wrappers convert.</summary>
public enum ImageRange
{
    /// <summary>[-1, 1]: diffusers VAEs and AutoencoderTiny exports.</summary>
    MinusOneToOne,

    /// <summary>[0, 1]: raw TAESD graphs.</summary>
    ZeroToOne,
}
