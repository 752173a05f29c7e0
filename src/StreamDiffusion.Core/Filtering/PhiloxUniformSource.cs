using StreamDiffusion.Core.Noise;

namespace StreamDiffusion.Core.Filtering;

/// <summary>A seeded, allocation-free <see cref="IUniformRandomSource"/> over Philox4x32-10 (one block per draw).</summary>
public sealed class PhiloxUniformSource : IUniformRandomSource
{
    private readonly ulong _seed;
    private ulong _counter;

    /// <summary>Creates a source whose sequence is fixed by <paramref name="seed"/>.</summary>
    public PhiloxUniformSource(ulong seed) => _seed = seed;

    /// <inheritdoc />
    public double NextUniform()
    {
        ulong counter = _counter++;
        var (x0, x1, _, _) = Philox4x32.Block(((uint)counter, (uint)(counter >> 32), 0x5353_4646u, 0), ((uint)_seed, (uint)(_seed >> 32)));

        // 53 random bits → [0, 1).
        ulong bits = ((ulong)x0 << 21) ^ (x1 >> 11);
        return (bits & ((1UL << 53) - 1)) * (1.0 / (1UL << 53));
    }
}
