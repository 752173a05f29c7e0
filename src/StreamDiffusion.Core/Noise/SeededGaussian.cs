namespace StreamDiffusion.Core.Noise;

/// <summary>
/// Seeded N(0, 1) noise that is identical on every machine: element e of stream s under seed k is drawn from Philox
/// block (counter = e/4, s; key = k) with scalar Box–Muller over portable log/sin/cos, so it does not depend on the
/// instruction set, the thread count, or how the caller splits the work.
/// </summary>
public static class SeededGaussian
{
    private const double TwoToMinus32 = 1.0 / 4294967296.0;

    /// <summary>Fills <paramref name="destination"/> with elements <paramref name="offset"/>… of the stream (<paramref name="seed"/>, <paramref name="stream"/>).</summary>
    public static void Fill(ulong seed, ulong stream, long offset, Span<float> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        var key = ((uint)seed, (uint)(seed >> 32));
        long element = offset;
        int written = 0;
        while (written < destination.Length)
        {
            long block = element >> 2;
            var (x0, x1, x2, x3) = Philox4x32.Block(((uint)block, (uint)(block >> 32), (uint)stream, (uint)(stream >> 32)), key);
            var (z0, z1) = BoxMuller(x0, x1);
            var (z2, z3) = BoxMuller(x2, x3);
            for (int slot = (int)(element & 3); slot < 4 && written < destination.Length; slot++)
            {
                destination[written++] = slot switch { 0 => z0, 1 => z1, 2 => z2, _ => z3 };
                element++;
            }
        }
    }

    /// <summary>One element of the stream (<paramref name="seed"/>, <paramref name="stream"/>), for tests and spot checks.</summary>
    public static float At(ulong seed, ulong stream, long index)
    {
        Span<float> one = stackalloc float[1];
        Fill(seed, stream, index, one);
        return one[0];
    }

    private static (float, float) BoxMuller(uint first, uint second)
    {
        // u1 in (0, 1) so the logarithm is finite (largest radius ≈ 6.7σ); u2 in [0, 1).
        double u1 = (first + 0.5) * TwoToMinus32;
        double u2 = second * TwoToMinus32;
        double radius = Math.Sqrt(-2.0 * PortableMath.Log(u1));
        var (sin, cos) = PortableMath.SinCosTurns(u2);
        return ((float)(radius * cos), (float)(radius * sin));
    }
}
