namespace StreamDiffusion.Onnx.Tests;

/// <summary>Planar RGB test images in [-1, 1].</summary>
internal static class TestImages
{
    /// <summary>A smooth diagonal gradient, different per channel.</summary>
    public static float[] Gradient(int size)
    {
        var image = new float[3 * size * size];
        for (var c = 0; c < 3; c++)
        {
            for (var y = 0; y < size; y++)
            {
                for (var x = 0; x < size; x++)
                {
                    var t = c switch { 0 => x, 1 => y, _ => (x + y) / 2f } / (float)(size - 1);
                    image[(((c * size) + y) * size) + x] = (2 * t) - 1;
                }
            }
        }

        return image;
    }

    public static double MeanAbsoluteDifference(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double sum = 0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += Math.Abs(a[i] - b[i]);
        }

        return sum / a.Length;
    }
}
