namespace StreamDiffusion.Core.Noise;

/// <summary>
/// The Philox4x32-10 counter-based generator (Salmon, Moraes, Dror, Shaw, "Parallel random numbers: as easy as 1, 2,
/// 3", SC 2011): a keyed bijection of a 128-bit counter. Only 32-bit integer multiplies and XORs, so every machine and
/// instruction set gives the same bits, and any element of a stream can be drawn without drawing the ones before it.
/// </summary>
public static class Philox4x32
{
    private const uint MultiplierA = 0xD2511F53;
    private const uint MultiplierB = 0xCD9E8D57;
    private const uint KeyBumpA = 0x9E3779B9; // golden ratio
    private const uint KeyBumpB = 0xBB67AE85; // √3 − 1
    private const int Rounds = 10;

    /// <summary>Returns the four 32-bit words Philox4x32-10 maps (<paramref name="counter"/>, <paramref name="key"/>) to.</summary>
    public static (uint X0, uint X1, uint X2, uint X3) Block(
        (uint C0, uint C1, uint C2, uint C3) counter,
        (uint K0, uint K1) key)
    {
        uint c0 = counter.C0, c1 = counter.C1, c2 = counter.C2, c3 = counter.C3;
        uint k0 = key.K0, k1 = key.K1;
        for (int round = 0; round < Rounds; round++)
        {
            ulong productA = (ulong)MultiplierA * c0;
            ulong productB = (ulong)MultiplierB * c2;
            uint next0 = (uint)(productB >> 32) ^ c1 ^ k0;
            uint next2 = (uint)(productA >> 32) ^ c3 ^ k1;
            c1 = (uint)productB;
            c3 = (uint)productA;
            c0 = next0;
            c2 = next2;
            k0 += KeyBumpA;
            k1 += KeyBumpB;
        }

        return (c0, c1, c2, c3);
    }
}
