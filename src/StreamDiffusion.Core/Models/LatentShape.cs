namespace StreamDiffusion.Core.Models;

/// <summary>The shape of one latent row, <c>[Channels, Height, Width]</c> (4 × H/8 × W/8 for SD 1.x/2.x).</summary>
public readonly record struct LatentShape(int Channels, int Height, int Width)
{
    /// <summary>Number of floats in one row.</summary>
    public int Length => Channels * Height * Width;
}
