namespace StreamDiffusion.Core.Noise;

/// <summary>
/// The fixed per-step noise ε_0…ε_{n−1} of a Stream Batch (research/streamdiffusion.md §1.6, §1.7): drawn once per seed
/// and reused every frame, which is what keeps the output still for a still input. Row i is stream i of the seed, so a
/// step's noise does not depend on how many steps there are.
/// </summary>
public static class NoiseBank
{
    /// <summary>Fills <paramref name="destination"/> (<paramref name="steps"/> rows of <paramref name="rowLength"/>) with the noise of <paramref name="seed"/>.</summary>
    public static void Fill(ulong seed, int steps, int rowLength, Span<float> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rowLength);
        if (destination.Length != steps * rowLength)
        {
            throw new ArgumentException(
                $"The noise bank needs {steps} × {rowLength} = {steps * rowLength} floats but the destination holds {destination.Length}. Fix: size it steps × latent row length.",
                nameof(destination));
        }

        for (int row = 0; row < steps; row++)
        {
            SeededGaussian.Fill(seed, (ulong)row, 0, destination.Slice(row * rowLength, rowLength));
        }
    }

    /// <summary>A new array holding the noise of <paramref name="seed"/> for <paramref name="steps"/> rows of <paramref name="rowLength"/>.</summary>
    public static float[] Create(ulong seed, int steps, int rowLength)
    {
        var noise = new float[steps * rowLength];
        Fill(seed, steps, rowLength, noise);
        return noise;
    }
}
