using StreamDiffusion.Onnx.Taesd;

namespace StreamDiffusion.Onnx.Tests.Taesd;

/// <summary>
/// A plain, slow C# TAESD forward pass written from the architecture in research/csharp-onnx.md §3.2 (diffusers
/// AutoencoderTiny semantics), to check the ONNX graphs layer by layer on tiny inputs. Tensors are [C, H, W].
/// </summary>
internal static class TaesdReference
{
    public static float[] Encode(IReadOnlyDictionary<string, SafetensorsTensor> w, float[] image, int size)
    {
        var x = image.Select(v => (v + 1) / 2).ToArray();
        var (c, h) = (3, size);
        (x, c, h) = Conv(w, "encoder.layers.0", x, c, h, bias: true, stride: 1);
        for (var layer = 1; layer < 14; layer++)
        {
            (x, c, h) = layer is 2 or 6 or 10
                ? Conv(w, $"encoder.layers.{layer}", x, c, h, bias: false, stride: 2)
                : (Block(w, $"encoder.layers.{layer}", x, c, h), c, h);
        }

        return Conv(w, "encoder.layers.14", x, c, h, bias: true, stride: 1).X;
    }

    public static float[] Decode(IReadOnlyDictionary<string, SafetensorsTensor> w, float[] latent, int size)
    {
        var x = latent.Select(v => MathF.Tanh(v / 3) * 3).ToArray();
        var (c, h) = (4, size);
        (x, c, h) = Conv(w, "decoder.layers.0", x, c, h, bias: true, stride: 1);
        x = x.Select(v => Math.Max(v, 0)).ToArray();
        for (var layer = 2; layer < 18; layer++)
        {
            if (layer is 5 or 10 or 15)
            {
                (x, h) = (Upsample(x, c, h), h * 2);
            }
            else if (layer is 6 or 11 or 16)
            {
                (x, c, h) = Conv(w, $"decoder.layers.{layer}", x, c, h, bias: false, stride: 1);
            }
            else
            {
                x = Block(w, $"decoder.layers.{layer}", x, c, h);
            }
        }

        return Conv(w, "decoder.layers.18", x, c, h, bias: true, stride: 1).X.Select(v => (2 * v) - 1).ToArray();
    }

    private static float[] Block(IReadOnlyDictionary<string, SafetensorsTensor> w, string prefix, float[] x, int c, int h)
    {
        var y = Relu(Conv(w, prefix + ".conv.0", x, c, h, true, 1).X);
        y = Relu(Conv(w, prefix + ".conv.2", y, c, h, true, 1).X);
        y = Conv(w, prefix + ".conv.4", y, c, h, true, 1).X;
        return Relu(y.Select((v, i) => v + x[i]).ToArray());
    }

    private static float[] Relu(float[] x) => x.Select(v => Math.Max(v, 0)).ToArray();

    // Square images only: nearest ×2 (out[y, x] = in[y/2, x/2]).
    private static float[] Upsample(float[] x, int c, int h)
    {
        var o = new float[c * 4 * h * h];
        for (var ch = 0; ch < c; ch++)
        {
            for (var y = 0; y < 2 * h; y++)
            {
                for (var xx = 0; xx < 2 * h; xx++)
                {
                    o[(((ch * 2 * h) + y) * 2 * h) + xx] = x[(((ch * h) + (y / 2)) * h) + (xx / 2)];
                }
            }
        }

        return o;
    }

    // 3×3 convolution, padding 1: out[o, y, x] = b[o] + Σ W[o, i, ky, kx] · in[i, s·y + ky − 1, s·x + kx − 1].
    private static (float[] X, int C, int H) Conv(IReadOnlyDictionary<string, SafetensorsTensor> w, string prefix, float[] x, int c, int h, bool bias, int stride)
    {
        var weight = w[prefix + ".weight"];
        var outC = (int)weight.Shape[0];
        var outH = ((h - 1) / stride) + 1;
        var o = new float[outC * outH * outH];
        for (var oc = 0; oc < outC; oc++)
        {
            var b = bias ? w[prefix + ".bias"].Values[oc] : 0;
            for (var y = 0; y < outH; y++)
            {
                for (var xx = 0; xx < outH; xx++)
                {
                    double sum = b;
                    for (var ic = 0; ic < c; ic++)
                    {
                        for (var ky = 0; ky < 3; ky++)
                        {
                            var iy = (stride * y) + ky - 1;
                            if (iy < 0 || iy >= h)
                            {
                                continue;
                            }

                            for (var kx = 0; kx < 3; kx++)
                            {
                                var ix = (stride * xx) + kx - 1;
                                if (ix >= 0 && ix < h)
                                {
                                    sum += weight.Values[(((((oc * c) + ic) * 3) + ky) * 3) + kx] * x[(((ic * h) + iy) * h) + ix];
                                }
                            }
                        }
                    }

                    o[(((oc * outH) + y) * outH) + xx] = (float)sum;
                }
            }
        }

        return (o, outC, outH);
    }
}
