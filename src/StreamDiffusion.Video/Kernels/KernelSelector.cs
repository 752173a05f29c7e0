using System.Runtime.Intrinsics;

namespace StreamDiffusion.Video.Kernels;

/// <summary>Chooses the widest hardware-accelerated kernel width once per process and says why.</summary>
public static class KernelSelector
{
    // Resolved once: the JIT fixes IsHardwareAccelerated for the process lifetime (DOTNET_EnableAVX2=0 and friends are
    // read at start-up), so there is nothing to re-evaluate per frame.
    private static readonly KernelWidth s_best = Choose(
        Vector512.IsHardwareAccelerated, Vector256.IsHardwareAccelerated, Vector128.IsHardwareAccelerated);

    /// <summary>The width every converter uses unless told otherwise.</summary>
    public static KernelWidth Best => s_best;

    /// <summary>One line for the start-up log: the chosen width and what the runtime reported.</summary>
    public static string Description =>
        $"video kernels: {s_best} (Vector512 accelerated={Vector512.IsHardwareAccelerated}, " +
        $"Vector256={Vector256.IsHardwareAccelerated}, Vector128={Vector128.IsHardwareAccelerated})";

    /// <summary>The widest width among those the runtime accelerates; scalar when none is.</summary>
    public static KernelWidth Choose(bool vector512, bool vector256, bool vector128) =>
        vector512 ? KernelWidth.Vector512
        : vector256 ? KernelWidth.Vector256
        : vector128 ? KernelWidth.Vector128
        : KernelWidth.Scalar;

    /// <summary>True when <paramref name="width"/> runs on hardware vectors in this process (scalar always does).</summary>
    public static bool IsAccelerated(KernelWidth width) => width switch
    {
        KernelWidth.Scalar => true,
        KernelWidth.Vector128 => Vector128.IsHardwareAccelerated,
        KernelWidth.Vector256 => Vector256.IsHardwareAccelerated,
        KernelWidth.Vector512 => Vector512.IsHardwareAccelerated,
        _ => throw new ArgumentOutOfRangeException(nameof(width), width, "Kernel width must be Scalar, Vector128, Vector256 or Vector512."),
    };

    /// <summary>The instruction set a width needs, for skip messages and errors.</summary>
    public static string RequiredInstructionSet(KernelWidth width) => width switch
    {
        KernelWidth.Scalar => "none",
        KernelWidth.Vector128 => "SSE2 (x64) or AdvSimd (arm64)",
        KernelWidth.Vector256 => "AVX2 (x64)",
        KernelWidth.Vector512 => "AVX-512F/BW (x64)",
        _ => throw new ArgumentOutOfRangeException(nameof(width), width, "Kernel width must be Scalar, Vector128, Vector256 or Vector512."),
    };
}
