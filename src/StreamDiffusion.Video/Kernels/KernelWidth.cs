namespace StreamDiffusion.Video.Kernels;

/// <summary>The vector width a pixel kernel runs at; <see cref="Scalar"/> is the reference every width is tested against.</summary>
public enum KernelWidth
{
    /// <summary>One element at a time; defines the math.</summary>
    Scalar = 0,

    /// <summary>128-bit vectors (SSE2…SSE4.2 on x64, AdvSimd on arm64).</summary>
    Vector128 = 128,

    /// <summary>256-bit vectors (AVX2 on x64).</summary>
    Vector256 = 256,

    /// <summary>512-bit vectors (AVX-512F/BW on x64).</summary>
    Vector512 = 512,
}
