using StreamDiffusion.Core.Guidance;
using StreamDiffusion.Core.Scheduling;
using StreamDiffusion.Core.Tests.Fakes;

namespace StreamDiffusion.Core.Tests;

/// <summary>
/// An independent, deliberately plain double-precision transcription of research/streamdiffusion.md §1.5–§1.8 (one
/// frame per call), with the fake UNet's formula, used as the hand check for the pipeline. Loops, no spans, no sharing
/// with the implementation except the schedule constants (checked against the reference table on their own).
/// </summary>
internal sealed class ReferenceStreamBatch
{
    private readonly GuidanceMode _mode;
    private readonly StepCoefficients[] _steps;
    private readonly float[] _noise;
    private readonly float[] _cond;
    private readonly float[] _uncond;
    private readonly int _n;
    private readonly int _l;
    private readonly int _e;
    private double[] _buffer;
    private double[] _stock;

    public ReferenceStreamBatch(GuidanceMode mode, int[] indices, float[] noise, float[] cond, float[] uncond, int rowLength)
    {
        _mode = mode;
        _n = indices.Length;
        _steps = indices.Select(i => LcmSchedule.Default[i]).ToArray();
        _noise = noise;
        _cond = cond;
        _uncond = uncond;
        _l = rowLength;
        _e = cond.Length;
        _buffer = new double[(_n - 1) * _l];
        _stock = new double[_n * _l];
    }

    public double GuidanceScale { get; set; } = 1;

    public double Delta { get; set; } = 1;

    public double[] UnetLatents { get; private set; } = [];

    public double[] UnetTimesteps { get; private set; } = [];

    public double[] UnetEmbeddings { get; private set; } = [];

    public double[] Stock => _stock;

    public double[] Buffer => _buffer;

    /// <summary>x̂0 of the last row after the last frame.</summary>
    public double[] Output { get; private set; } = [];

    public void Frame(double[] z)
    {
        int n = _n, l = _l;
        double[] eps(int i) => _noise.Skip(i * l).Take(l).Select(v => (double)v).ToArray();

        // X = [a0·z + b0·ε0, buffer]
        var x = new double[n][];
        x[0] = new double[l];
        double[] e0 = eps(0);
        for (int j = 0; j < l; j++)
        {
            x[0][j] = (_steps[0].A * z[j]) + (_steps[0].B * e0[j]);
        }

        for (int i = 1; i < n; i++)
        {
            x[i] = _buffer.Skip((i - 1) * l).Take(l).ToArray();
        }

        bool rcfg = _mode is GuidanceMode.Self or GuidanceMode.Initialize;
        if (rcfg)
        {
            // stock = [ε0, stock_0 … stock_{n−2}]
            var shifted = new double[n * l];
            Array.Copy(e0, 0, shifted, 0, l);
            Array.Copy(_stock, 0, shifted, l, (n - 1) * l);
            _stock = shifted;
        }

        // UNet rows per mode.
        var rows = new List<(double[] Latent, double T, float[] Emb)>();
        if (_mode == GuidanceMode.Initialize)
        {
            rows.Add((x[0], _steps[0].Timestep, _uncond));
        }

        if (_mode == GuidanceMode.Full)
        {
            for (int i = 0; i < n; i++)
            {
                rows.Add((x[i], _steps[i].Timestep, _uncond));
            }
        }

        for (int i = 0; i < n; i++)
        {
            rows.Add((x[i], _steps[i].Timestep, _cond));
        }

        UnetLatents = rows.SelectMany(r => r.Latent).ToArray();
        UnetTimesteps = rows.Select(r => r.T).ToArray();
        UnetEmbeddings = rows.SelectMany(r => r.Emb.Select(v => (double)v)).ToArray();
        var predicted = rows.Select(r => Enumerable.Range(0, l).Select(j => (0.5 * r.Latent[j]) + (0.001 * r.T) + (0.1 * r.Emb[j % _e])).ToArray()).ToArray();

        // Guidance.
        int offset = rows.Count - n;
        if (_mode == GuidanceMode.Initialize)
        {
            Array.Copy(predicted[0], 0, _stock, 0, l);
        }

        var guided = new double[n][];
        for (int i = 0; i < n; i++)
        {
            guided[i] = new double[l];
            for (int j = 0; j < l; j++)
            {
                double conditional = predicted[offset + i][j];
                if (_mode == GuidanceMode.None || GuidanceScale <= 1)
                {
                    guided[i][j] = conditional;
                    continue;
                }

                double unconditional = _mode == GuidanceMode.Full ? predicted[i][j] : Delta * _stock[(i * l) + j];
                guided[i][j] = unconditional + (GuidanceScale * (conditional - unconditional));
            }
        }

        // x̂0 = c_out·(x − b·ε̂)/a + c_skip·x
        var x0 = new double[n][];
        for (int i = 0; i < n; i++)
        {
            StepCoefficients s = _steps[i];
            x0[i] = Enumerable.Range(0, l).Select(j => (s.COut * (x[i][j] - (s.B * guided[i][j])) / s.A) + (s.CSkip * x[i][j])).ToArray();
        }

        if (rcfg)
        {
            var next = new double[n * l];
            for (int i = 0; i < n; i++)
            {
                StepCoefficients s = _steps[i];
                double aNext = i + 1 < n ? _steps[i + 1].A : 1, bNext = i + 1 < n ? _steps[i + 1].B : 1;
                double[] e = eps((i + 1) % n);
                for (int j = 0; j < l; j++)
                {
                    double stock = _stock[(i * l) + j];
                    double delta = (s.COut * ((s.B * stock) - (s.B * guided[i][j])) / s.A) + (s.CSkip * s.B * stock);
                    next[(i * l) + j] = e[j] + (delta * aNext / bNext);
                }
            }

            _stock = next;
        }

        var buffer = new double[(n - 1) * l];
        for (int i = 0; i < n - 1; i++)
        {
            double[] e = eps(i + 1);
            for (int j = 0; j < l; j++)
            {
                buffer[(i * l) + j] = (_steps[i + 1].A * x0[i][j]) + (_steps[i + 1].B * e[j]);
            }
        }

        _buffer = buffer;
        Output = x0[n - 1];
    }

    /// <summary>The scaled latent the pipeline computes for <paramref name="frame"/>.</summary>
    public static double[] ScaledLatent(FakeModels models, TestFrame frame, float scaling)
    {
        var image = new float[3 * models.Encoder.ImageHeight * models.Encoder.ImageWidth];
        frame.WriteModelImage(models.Encoder.ImageHeight, models.Encoder.ImageWidth, image);
        var latent = models.Unet.Latent;
        var z = new double[latent.Length];
        for (int c = 0; c < latent.Channels; c++)
        {
            for (int y = 0; y < latent.Height; y++)
            {
                for (int x = 0; x < latent.Width; x++)
                {
                    z[(((c * latent.Height) + y) * latent.Width) + x] = scaling * FakeImageEncoder.LatentValue(image, latent, c, y, x);
                }
            }
        }

        return z;
    }
}
