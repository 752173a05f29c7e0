using StreamDiffusion.Video.Kernels;

namespace StreamDiffusion.Video.Tests.Kernels;

/// <summary>Each vector width against its scalar twin, bit for bit, on seeded input with awkward tails.</summary>
public sealed class KernelEquivalenceTests
{
    private const int Seed = 20261127;

    public static TheoryData<KernelWidth, int> WidthsAndLengths()
    {
        var data = new TheoryData<KernelWidth, int>();
        foreach (var width in new[] { KernelWidth.Vector128, KernelWidth.Vector256, KernelWidth.Vector512 })
        {
            foreach (var length in new[] { 0, 1, 2, 14, 34, 63, 65, 129, 1366, 2732 })
            {
                data.Add(width, length);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(WidthsAndLengths))]
    public void ByteRowAccumulate_matches_scalar_in_both_modes(KernelWidth width, int length)
    {
        SkipUnlessAccelerated(width);
        var random = new Random(Seed + length);
        var source = new byte[length];
        random.NextBytes(source);
        var start = RandomFloats(random, length, -300, 300);
        foreach (var overwrite in new[] { true, false })
        {
            var expected = (float[])start.Clone();
            var actual = (float[])start.Clone();
            var weight = (float)random.NextDouble();
            ByteRowAccumulateKernel.Create(KernelWidth.Scalar).Run(source, weight, expected, overwrite);
            ByteRowAccumulateKernel.Create(width).Run(source, weight, actual, overwrite);
            Assert.Equal(expected, actual);
        }
    }

    [Theory]
    [MemberData(nameof(WidthsAndLengths))]
    public void FloatRowAccumulate_matches_scalar_in_both_modes(KernelWidth width, int length)
    {
        SkipUnlessAccelerated(width);
        var random = new Random(Seed + length);
        var source = RandomFloats(random, length, -300, 300);
        var start = RandomFloats(random, length, -300, 300);
        foreach (var overwrite in new[] { true, false })
        {
            var expected = (float[])start.Clone();
            var actual = (float[])start.Clone();
            var weight = (float)random.NextDouble();
            FloatRowAccumulateKernel.Create(KernelWidth.Scalar).Run(source, weight, expected, overwrite);
            FloatRowAccumulateKernel.Create(width).Run(source, weight, actual, overwrite);
            Assert.Equal(expected, actual);
        }
    }

    [Theory]
    [MemberData(nameof(WidthsAndLengths))]
    public void FloatRowToBytes_matches_scalar_including_saturation(KernelWidth width, int length)
    {
        SkipUnlessAccelerated(width);
        var random = new Random(Seed + length);
        var source = RandomFloats(random, length, -40, 300);
        if (length > 3)
        {
            // Rounding ties and far out-of-range values must agree too.
            source[0] = 0.5f;
            source[1] = 254.5f;
            source[2] = -1e6f;
            source[3] = 1e7f;
        }

        var expected = new byte[length];
        var actual = new byte[length];
        FloatRowToBytesKernel.Create(KernelWidth.Scalar).Run(source, expected);
        FloatRowToBytesKernel.Create(width).Run(source, actual);
        Assert.Equal(expected, actual);
        if (length > 3)
        {
            Assert.Equal([1, 255, 0, 255], actual[..4]);
        }
    }

    [Theory]
    [MemberData(nameof(WidthsAndLengths))]
    public void PlanarColourTransform_matches_scalar_on_all_three_planes(KernelWidth width, int length)
    {
        SkipUnlessAccelerated(width);
        var random = new Random(Seed + length);
        var a = RandomFloats(random, length, 0, 255);
        var b = RandomFloats(random, length, 0, 255);
        var c = RandomFloats(random, length, 0, 255);
        var k = Colour.ColourCoding.YuvToModel(Colour.ColourMatrix.Bt709, Colour.ColourRange.Limited);
        float[] ex = new float[length], ey = new float[length], ez = new float[length];
        float[] ax = new float[length], ay = new float[length], az = new float[length];
        PlanarColourTransformKernel.Create(KernelWidth.Scalar).Run(a, b, c, ex, ey, ez, k);
        PlanarColourTransformKernel.Create(width).Run(a, b, c, ax, ay, az, k);
        Assert.Equal(ex, ax);
        Assert.Equal(ey, ay);
        Assert.Equal(ez, az);
    }

    [Fact]
    public void Every_kernel_refuses_mismatched_spans_with_a_message_naming_both_lengths()
    {
        var error = Assert.Throws<ArgumentException>(() => ByteRowAccumulateKernel.Create(KernelSelector.Best).Run(new byte[10], 1, new float[9], true));
        Assert.Contains("10", error.Message, StringComparison.Ordinal);
        Assert.Contains("9", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => FloatRowAccumulateKernel.Create(KernelSelector.Best).Run(new float[10], 1, new float[11], true));
        Assert.Throws<ArgumentException>(() => FloatRowToBytesKernel.Create(KernelSelector.Best).Run(new float[10], new byte[8]));
        Assert.Throws<ArgumentException>(() => PlanarColourTransformKernel.Create(KernelSelector.Best).Run(
            new float[4], new float[4], new float[4], new float[4], new float[3], new float[4], default));
    }

    [Theory]
    [InlineData(KernelWidth.Scalar)]
    [InlineData(KernelWidth.Vector128)]
    [InlineData(KernelWidth.Vector256)]
    [InlineData(KernelWidth.Vector512)]
    public void Each_factory_returns_the_variant_named_for_its_width(KernelWidth width)
    {
        Assert.Equal(width, ByteRowAccumulateKernel.Create(width).Width);
        Assert.Equal(width, FloatRowAccumulateKernel.Create(width).Width);
        Assert.Equal(width, FloatRowToBytesKernel.Create(width).Width);
        Assert.Equal(width, PlanarColourTransformKernel.Create(width).Width);
    }

    [Fact]
    public void Vector512_variants_agree_with_scalar_in_software_on_cpus_without_avx512()
    {
        // Where AVX-512 is present the width theories above cover Vector512 on hardware; elsewhere the runtime's
        // software Vector512 (same defined semantics) still checks the variants' loop and tail logic.
        Assert.SkipWhen(KernelSelector.IsAccelerated(KernelWidth.Vector512), "Vector512 runs on hardware here; the width theories cover it.");
        var random = new Random(Seed);
        foreach (var length in new[] { 65, 1366 })
        {
            var bytes = new byte[length];
            random.NextBytes(bytes);
            var floats = RandomFloats(random, length, -40, 300);
            float[] expected = (float[])floats.Clone(), actual = (float[])floats.Clone();
            ByteRowAccumulateKernel.Create(KernelWidth.Scalar).Run(bytes, 0.3f, expected, false);
            ByteRowAccumulateKernel.Create(KernelWidth.Vector512).Run(bytes, 0.3f, actual, false);
            Assert.Equal(expected, actual);
            FloatRowAccumulateKernel.Create(KernelWidth.Scalar).Run(floats, 0.7f, expected, false);
            FloatRowAccumulateKernel.Create(KernelWidth.Vector512).Run(floats, 0.7f, actual, false);
            Assert.Equal(expected, actual);
            byte[] packedExpected = new byte[length], packedActual = new byte[length];
            FloatRowToBytesKernel.Create(KernelWidth.Scalar).Run(floats, packedExpected);
            FloatRowToBytesKernel.Create(KernelWidth.Vector512).Run(floats, packedActual);
            Assert.Equal(packedExpected, packedActual);
            var k = Colour.ColourCoding.ModelToYuv(Colour.ColourMatrix.Bt2020, Colour.ColourRange.Limited);
            float[] ex = new float[length], ey = new float[length], ez = new float[length];
            float[] ax = new float[length], ay = new float[length], az = new float[length];
            PlanarColourTransformKernel.Create(KernelWidth.Scalar).Run(floats, expected, actual, ex, ey, ez, k);
            PlanarColourTransformKernel.Create(KernelWidth.Vector512).Run(floats, expected, actual, ax, ay, az, k);
            Assert.Equal(ex, ax);
            Assert.Equal(ey, ay);
            Assert.Equal(ez, az);
        }
    }

    internal static void SkipUnlessAccelerated(KernelWidth width) =>
        Assert.SkipUnless(
            KernelSelector.IsAccelerated(width),
            $"{width} is not hardware accelerated in this process: needs {KernelSelector.RequiredInstructionSet(width)} " +
            "(absent on this CPU or switched off with DOTNET_Enable* knobs).");

    private static float[] RandomFloats(Random random, int length, float min, float max)
    {
        var values = new float[length];
        for (var i = 0; i < length; i++)
        {
            values[i] = min + ((float)random.NextDouble() * (max - min));
        }

        return values;
    }
}
