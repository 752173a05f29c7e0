using System.Numerics.Tensors;
using StreamDiffusion.Core.Scheduling;

namespace StreamDiffusion.Core.Guidance;

/// <summary>
/// Guidance for one Stream Batch of n steps: where the conditional and unconditional rows sit in the UNet batch, how
/// ε̂ is combined from them, and the residual-CFG stock noise with its recurrence (research/streamdiffusion.md §1.8).
/// Owns the stock buffer <c>[n, L]</c> and a scratch of the same size; allocation-free after construction.
/// </summary>
public sealed class ResidualGuidance
{
    private readonly float[] _stock;
    private readonly float[] _scratch;

    /// <summary>Creates guidance for <paramref name="steps"/> steps of latent rows of <paramref name="rowLength"/> floats.</summary>
    public ResidualGuidance(GuidanceMode mode, int steps, int rowLength)
    {
        if (!Enum.IsDefined(mode))
        {
            throw new ArgumentOutOfRangeException(nameof(mode), mode, $"Guidance mode {mode} is unknown. Fix: use None, Full, Self or Initialize.");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rowLength);
        Mode = mode;
        Steps = steps;
        RowLength = rowLength;
        _stock = new float[steps * rowLength];
        _scratch = new float[steps * rowLength];
    }

    /// <summary>The guidance variant.</summary>
    public GuidanceMode Mode { get; }

    /// <summary>Denoising steps n.</summary>
    public int Steps { get; }

    /// <summary>Floats in one latent row.</summary>
    public int RowLength { get; }

    /// <summary>UNet rows per frame: None and Self n, Initialize n + 1, Full 2n (never a function of γ).</summary>
    public int UnetRows => UnetRowsFor(Mode, Steps);

    /// <summary>Index of the first of the n conditional rows in the UNet batch: 0, or 1 (Initialize), or n (Full).</summary>
    public int ConditionalRowOffset => Mode switch
    {
        GuidanceMode.Initialize => 1,
        GuidanceMode.Full => Steps,
        _ => 0,
    };

    /// <summary>Whether this mode keeps the residual stock noise (Self, Initialize).</summary>
    public bool UsesStock => Mode is GuidanceMode.Self or GuidanceMode.Initialize;

    /// <summary>The stock noise <c>[n, L]</c> (the virtual negative prediction, before δ).</summary>
    public ReadOnlySpan<float> Stock => _stock;

    /// <summary>UNet rows per frame for <paramref name="mode"/> with <paramref name="steps"/> steps.</summary>
    public static int UnetRowsFor(GuidanceMode mode, int steps) => mode switch
    {
        GuidanceMode.Initialize => steps + 1,
        GuidanceMode.Full => 2 * steps,
        _ => steps,
    };

    /// <summary>Forgets the stock (zeros, as after the reference's <c>prepare</c>).</summary>
    public void Reset() => Array.Clear(_stock);

    /// <summary>
    /// Start of a frame: stock ← [ε_0, stock_0 … stock_{n−2}]. For n = 1 this sets stock = ε_0 every frame, the fix for
    /// the reference's divergence (it skips the shift at n = 1, so (b/a)·(1 + (γ−1)δ) &gt; 1 grows it to Inf).
    /// </summary>
    public void BeginFrame(ReadOnlySpan<float> noise)
    {
        if (!UsesStock)
        {
            return;
        }

        int l = RowLength;
        _stock.AsSpan(0, (Steps - 1) * l).CopyTo(_stock.AsSpan(l)); // overlapping move, rows shift down by one
        noise[..l].CopyTo(_stock);
    }

    /// <summary>
    /// Turns the raw UNet output <c>[rows, L]</c> into ε̂ in place in its n conditional rows
    /// (from <see cref="ConditionalRowOffset"/>): ε̂ = ε_u + γ·(ε_c − ε_u) when γ &gt; 1, else ε̂ = ε_c, with
    /// ε_u the negative rows (Full) or δ·stock (Self, Initialize). Initialize first takes stock_0 from UNet row 0 (the
    /// negative prompt on the step-0 latent), even at γ ≤ 1, so the stock is ready when γ rises above 1.
    /// </summary>
    public void Combine(Span<float> unetOutput, float guidanceScale, float delta)
    {
        int l = RowLength;
        int n = Steps;
        if (Mode == GuidanceMode.Initialize)
        {
            unetOutput[..l].CopyTo(_stock);
        }

        if (Mode == GuidanceMode.None || !(guidanceScale > 1f))
        {
            return;
        }

        Span<float> conditional = unetOutput.Slice(ConditionalRowOffset * l, n * l);
        ReadOnlySpan<float> unconditional;
        if (Mode == GuidanceMode.Full)
        {
            unconditional = unetOutput[..(n * l)];
        }
        else
        {
            // ε_u = δ·stock
            TensorPrimitives.Multiply(_stock, delta, _scratch);
            unconditional = _scratch;
        }

        // ε̂ = ε_u + γ·(ε_c − ε_u)
        TensorPrimitives.Subtract(conditional, unconditional, conditional);
        TensorPrimitives.MultiplyAdd(conditional, guidanceScale, unconditional, conditional);
    }

    /// <summary>
    /// The virtual residual noise update after x̂0 (Self, Initialize), per row i with step constants a_i, b_i, c_skip,i,
    /// c_out,i and next-step a_{i+1}, b_{i+1} (1, 1 for the last row):
    /// Δ_i = c_out·(b_i·stock_i − b_i·ε̂_i)/a_i + c_skip·b_i·stock_i;  stock_i ← ε_{(i+1) mod n} + Δ_i·a_{i+1}/b_{i+1}.
    /// </summary>
    public void UpdateStock(ReadOnlySpan<float> guidedNoise, ReadOnlySpan<float> noise, ReadOnlySpan<StepCoefficients> steps)
    {
        if (!UsesStock)
        {
            return;
        }

        int l = RowLength;
        int n = Steps;
        for (int i = 0; i < n; i++)
        {
            StepCoefficients step = steps[i];
            float nextA = i + 1 < n ? steps[i + 1].A : 1f;
            float nextB = i + 1 < n ? steps[i + 1].B : 1f;
            Span<float> stock = _stock.AsSpan(i * l, l);
            Span<float> delta = _scratch.AsSpan(i * l, l);

            // Δ = (stock − ε̂)·(c_out·b/a) + stock·(c_skip·b)
            TensorPrimitives.Subtract(stock, guidedNoise.Slice(i * l, l), delta);
            TensorPrimitives.Multiply(delta, step.COut * step.B / step.A, delta);
            TensorPrimitives.MultiplyAdd(stock, step.CSkip * step.B, delta, delta);

            // stock ← ε_{(i+1) mod n} + Δ·a_{i+1}/b_{i+1}
            TensorPrimitives.MultiplyAdd(delta, nextA / nextB, noise.Slice((i + 1) % n * l, l), stock);
        }
    }
}
