using System.Numerics.Tensors;
using StreamDiffusion.Core.Guidance;
using StreamDiffusion.Core.Models;
using StreamDiffusion.Core.Scheduling;

namespace StreamDiffusion.Core.Pipeline;

/// <summary>
/// One structural pipeline state: Stream Batch img2img over n LCM steps with one frame per call (research/
/// streamdiffusion.md §1.6). Each <see cref="Step"/> runs ONE batched UNet call over the new noised latent plus the
/// n − 1 buffered latents, returns the row that finished its last step, and re-noises the rest with the fixed noise.
/// All buffers are allocated here; a step allocates nothing. Not thread-safe: one inference thread drives it.
/// </summary>
public sealed class StreamBatchDenoiser
{
    private readonly ResidualGuidance _guidance;
    private readonly int[] _stepIndices;
    private readonly StepCoefficients[] _steps;
    private readonly float[] _inputImage;
    private readonly float[] _latent;
    private readonly float[] _unetLatents;
    private readonly float[] _unetTimesteps;
    private readonly float[] _unetEmbeddings;
    private readonly float[] _unetOutput;
    private readonly float[] _denoised;
    private readonly float[] _buffer;
    private readonly float[] _noise;
    private readonly float[] _conditional;
    private readonly float[] _unconditional;
    private readonly float[] _outputLatent;
    private float[] _outputImage;
    private float[] _decodedImage;
    private readonly FrameProvenance[] _rowProvenance;
    private int _framesSinceReset;

    /// <summary>
    /// Creates a state for <paramref name="models"/> with the given guidance mode and step indices, text embeddings
    /// (<c>[S, D]</c> each) and noise bank (<c>[n, L]</c>). Throws on any mismatch, naming it and the fix.
    /// </summary>
    public StreamBatchDenoiser(
        DiffusionModels models,
        GuidanceMode mode,
        IReadOnlyList<int> stepIndices,
        ReadOnlySpan<float> conditional,
        ReadOnlySpan<float> unconditional,
        ReadOnlySpan<float> noise)
    {
        ArgumentNullException.ThrowIfNull(models);
        LcmSchedule.ValidateStepIndices(stepIndices, nameof(stepIndices));
        ModelCompatibility.Check(models, mode, stepIndices.Count);

        Models = models;
        Steps = stepIndices.Count;
        LatentShape latentShape = models.Unet.Latent;
        RowLength = latentShape.Length;
        EmbeddingLength = models.Unet.SequenceLength * models.Unet.EmbeddingWidth;
        ImageHeight = models.ImageEncoder.ImageHeight;
        ImageWidth = models.ImageEncoder.ImageWidth;
        _guidance = new ResidualGuidance(mode, Steps, RowLength);

        int n = Steps;
        int l = RowLength;
        int rows = _guidance.UnetRows;
        _stepIndices = new int[n];
        _steps = new StepCoefficients[n];
        _inputImage = new float[3 * ImageHeight * ImageWidth];
        _latent = new float[l];
        _unetLatents = new float[rows * l];
        _unetTimesteps = new float[rows];
        _unetEmbeddings = new float[rows * EmbeddingLength];
        _unetOutput = new float[rows * l];
        _denoised = new float[n * l];
        _buffer = new float[(n - 1) * l];
        _noise = new float[n * l];
        _conditional = new float[EmbeddingLength];
        _unconditional = new float[EmbeddingLength];
        _outputLatent = new float[l];
        _outputImage = new float[3 * models.ImageDecoder.ImageHeight * models.ImageDecoder.ImageWidth];
        _decodedImage = new float[_outputImage.Length];
        _rowProvenance = new FrameProvenance[n];

        SetStepIndices(stepIndices);
        SetConditioning(conditional, unconditional);
        SetNoise(noise);
    }

    /// <summary>The models this state runs.</summary>
    public DiffusionModels Models { get; }

    /// <summary>Guidance variant (structural).</summary>
    public GuidanceMode Mode => _guidance.Mode;

    /// <summary>Denoising steps n (structural).</summary>
    public int Steps { get; }

    /// <summary>Floats in one latent row L = C·h·w.</summary>
    public int RowLength { get; }

    /// <summary>Floats in one text-embedding row S·D.</summary>
    public int EmbeddingLength { get; }

    /// <summary>UNet rows per frame (fixed by mode and n).</summary>
    public int UnetRows => _guidance.UnetRows;

    /// <summary>Model input height in pixels.</summary>
    public int ImageHeight { get; }

    /// <summary>Model input width in pixels.</summary>
    public int ImageWidth { get; }

    /// <summary>Output height in pixels.</summary>
    public int OutputHeight => Models.ImageDecoder.ImageHeight;

    /// <summary>Output width in pixels.</summary>
    public int OutputWidth => Models.ImageDecoder.ImageWidth;

    /// <summary>The input image <c>[3, H, W]</c> in [-1, 1] the next <see cref="Step"/> encodes; the caller writes it.</summary>
    public Span<float> InputImage => _inputImage;

    /// <summary>The last decoded output <c>[3, H, W]</c> in [-1, 1]; valid after a step returned <see cref="DenoiserStepOutcome.Output"/>.</summary>
    public ReadOnlySpan<float> OutputImage => _outputImage;

    /// <summary>The last x̂0 of the finishing row, <c>[L]</c>, scaled (before division by the latent scaling factor).</summary>
    public ReadOnlySpan<float> OutputLatent => _denoised.AsSpan((Steps - 1) * RowLength, RowLength);

    /// <summary>Provenance of the input the last output was made from.</summary>
    public FrameProvenance OutputProvenance { get; private set; }

    /// <summary>True once every buffered row descends from an input given after the last reset.</summary>
    public bool IsWarm => _framesSinceReset >= Steps - 1;

    /// <summary>Where the last NaN/Inf was found.</summary>
    public NonFiniteStage LastNonFiniteStage { get; private set; }

    /// <summary>Blendable. Guidance scale γ (engages above 1).</summary>
    public float GuidanceScale { get; set; } = 1f;

    /// <summary>Blendable. RCFG δ.</summary>
    public float Delta { get; set; } = 1f;

    /// <summary>Blendable. Re-noise buffered rows with the fixed noise (do_add_noise).</summary>
    public bool AddNoiseBetweenSteps { get; set; } = true;

    /// <summary>The current step indices.</summary>
    public ReadOnlySpan<int> StepIndices => _stepIndices;

    /// <summary>The current per-step constants.</summary>
    public ReadOnlySpan<StepCoefficients> StepConstants => _steps;

    /// <summary>The guidance state (stock noise).</summary>
    public ResidualGuidance Guidance => _guidance;

    /// <summary>The current fixed noise bank <c>[n, L]</c>.</summary>
    public ReadOnlySpan<float> Noise => _noise;

    /// <summary>The current conditional text embedding <c>[S, D]</c>.</summary>
    public ReadOnlySpan<float> Conditional => _conditional;

    /// <summary>The current negative text embedding <c>[S, D]</c>.</summary>
    public ReadOnlySpan<float> Unconditional => _unconditional;

    internal Span<float> ConditionalBuffer => _conditional;

    internal Span<float> UnconditionalBuffer => _unconditional;

    internal Span<float> NoiseBuffer => _noise;

    /// <summary>Blendable. New step indices with the same count n: timesteps and constants change at the next step, no reset.</summary>
    public void SetStepIndices(IReadOnlyList<int> stepIndices)
    {
        LcmSchedule.ValidateStepIndices(stepIndices, nameof(stepIndices));
        if (stepIndices.Count != Steps)
        {
            throw new ArgumentException(
                $"Step index list has {stepIndices.Count} entries but this state runs {Steps} steps; the step count is structural. Fix: give {Steps} indices, or change the count through StreamPipeline.Update (which warms a new state).",
                nameof(stepIndices));
        }

        LcmSchedule schedule = LcmSchedule.Default;
        for (int i = 0; i < Steps; i++)
        {
            _stepIndices[i] = stepIndices[i];
            _steps[i] = schedule[stepIndices[i]];
        }

        // Timestep per UNet row: conditional rows τ_0..τ_{n−1}; Initialize's extra row τ_0; Full's negative rows τ_i.
        int offset = _guidance.ConditionalRowOffset;
        for (int i = 0; i < Steps; i++)
        {
            _unetTimesteps[offset + i] = _steps[i].Timestep;
        }

        if (Mode == GuidanceMode.Initialize)
        {
            _unetTimesteps[0] = _steps[0].Timestep;
        }
        else if (Mode == GuidanceMode.Full)
        {
            for (int i = 0; i < Steps; i++)
            {
                _unetTimesteps[i] = _steps[i].Timestep;
            }
        }
    }

    /// <summary>Blendable. Sets the conditional and negative text embeddings (<c>[S, D]</c> each) at once.</summary>
    public void SetConditioning(ReadOnlySpan<float> conditional, ReadOnlySpan<float> unconditional)
    {
        CheckLength(conditional.Length, EmbeddingLength, nameof(conditional), "text embedding [S, D]");
        CheckLength(unconditional.Length, EmbeddingLength, nameof(unconditional), "text embedding [S, D]");
        conditional.CopyTo(_conditional);
        unconditional.CopyTo(_unconditional);
        RefreshEmbeddingRows();
    }

    /// <summary>Blendable. Sets the fixed noise bank <c>[n, L]</c> at once (no reset).</summary>
    public void SetNoise(ReadOnlySpan<float> noise)
    {
        CheckLength(noise.Length, Steps * RowLength, nameof(noise), "noise bank [n, L]");
        noise.CopyTo(_noise);
    }

    /// <summary>Copies the current embeddings into the UNet's embedding rows: negative rows first (Initialize 1, Full n), then n conditional rows.</summary>
    internal void RefreshEmbeddingRows()
    {
        int e = EmbeddingLength;
        int offset = _guidance.ConditionalRowOffset;
        for (int row = 0; row < _guidance.UnetRows; row++)
        {
            ReadOnlySpan<float> source = row < offset ? _unconditional : _conditional;
            source.CopyTo(_unetEmbeddings.AsSpan(row * e, e));
        }
    }

    /// <summary>Zeros the buffer and the stock: the next n − 1 outputs are warm-up.</summary>
    public void Reset()
    {
        Array.Clear(_buffer);
        _guidance.Reset();
        Array.Clear(_rowProvenance);
        _framesSinceReset = 0;
    }

    /// <summary>
    /// Runs one frame: the caller has written <see cref="InputImage"/>. Decodes the finished row when it is valid and
    /// <paramref name="decode"/> is set. On NaN/Inf the state resets and the outcome is <see cref="DenoiserStepOutcome.NonFinite"/>;
    /// if a model throws, the state resets and the exception propagates.
    /// </summary>
    public DenoiserStepOutcome Step(in FrameProvenance provenance, bool decode)
    {
        try
        {
            return RunStep(provenance, decode);
        }
        catch
        {
            // A model that throws mid-step may leave the batch half-updated: start clean, then let the host decide.
            Reset();
            throw;
        }
    }

    private DenoiserStepOutcome RunStep(in FrameProvenance provenance, bool decode)
    {
        LastNonFiniteStage = NonFiniteStage.None;

        // 1. Encode the frame into a scaled latent z.
        if (!EncodeFrame())
        {
            return Fail(NonFiniteStage.EncodedLatent);
        }

        // 2. Batch: X = [a_0·z + b_0·ε_0, buffer…], stock shifted, negative rows copied.
        AddNoise();
        TrackProvenance(provenance);

        // 3. One batched UNet call over all rows.
        if (!RunUnet())
        {
            return Fail(NonFiniteStage.NoisePrediction);
        }

        // 4. ε̂ from guidance, then x̂0 per row.
        _guidance.Combine(_unetOutput, GuidanceScale, Delta);
        if (!Denoise())
        {
            return Fail(NonFiniteStage.DenoisedLatent);
        }

        // 5. Residual noise for the next frame, then the buffer re-noised to the next timesteps.
        _guidance.UpdateStock(GuidedNoise, _noise, _steps);
        RenoiseBuffer();

        // 6. Warm-up: the finished row is valid only if it entered after the last reset.
        bool valid = IsWarm;
        if (_framesSinceReset < Steps)
        {
            _framesSinceReset++;
        }

        if (!valid)
        {
            return DenoiserStepOutcome.WarmingUp;
        }

        if (decode && !DecodeLatents())
        {
            return Fail(NonFiniteStage.DecodedImage);
        }

        OutputProvenance = _rowProvenance[Steps - 1];
        return DenoiserStepOutcome.Output;
    }

    private Span<float> ConditionalRows => _unetLatents.AsSpan(_guidance.ConditionalRowOffset * RowLength, Steps * RowLength);

    private ReadOnlySpan<float> GuidedNoise => _unetOutput.AsSpan(_guidance.ConditionalRowOffset * RowLength, Steps * RowLength);

    private bool EncodeFrame()
    {
        Models.ImageEncoder.Encode(_inputImage, _latent);
        TensorPrimitives.Multiply(_latent, Models.LatentScalingFactor, _latent);
        return IsFinite(_latent);
    }

    private void AddNoise()
    {
        int l = RowLength;
        Span<float> rows = ConditionalRows;
        _guidance.BeginFrame(_noise);

        // x_in = a_τ0·z + b_τ0·ε_0
        Span<float> first = rows[..l];
        TensorPrimitives.Multiply(_latent, _steps[0].A, first);
        TensorPrimitives.MultiplyAdd(_noise.AsSpan(0, l), _steps[0].B, first, first);
        _buffer.CopyTo(rows[l..]);

        if (Mode == GuidanceMode.Initialize)
        {
            first.CopyTo(_unetLatents);
        }
        else if (Mode == GuidanceMode.Full)
        {
            rows.CopyTo(_unetLatents);
        }
    }

    private void TrackProvenance(in FrameProvenance provenance)
    {
        Array.Copy(_rowProvenance, 0, _rowProvenance, 1, Steps - 1);
        _rowProvenance[0] = provenance;
    }

    private bool RunUnet()
    {
        var batch = new UnetBatch
        {
            Rows = _guidance.UnetRows,
            Latents = _unetLatents,
            Timesteps = _unetTimesteps,
            TextEmbeddings = _unetEmbeddings,
            GuidanceScale = GuidanceScale,
        };
        Models.Unet.Predict(batch, _unetOutput);
        return IsFinite(_unetOutput);
    }

    private bool Denoise()
    {
        int l = RowLength;
        ReadOnlySpan<float> rows = ConditionalRows;
        ReadOnlySpan<float> guided = GuidedNoise;
        for (int i = 0; i < Steps; i++)
        {
            StepCoefficients step = _steps[i];
            ReadOnlySpan<float> x = rows.Slice(i * l, l);
            Span<float> x0 = _denoised.AsSpan(i * l, l);

            // x̂0 = c_out·(x − b·ε̂)/a + c_skip·x, all fp32
            TensorPrimitives.MultiplyAdd(guided.Slice(i * l, l), -step.B, x, x0);
            TensorPrimitives.Multiply(x0, step.COut / step.A, x0);
            TensorPrimitives.MultiplyAdd(x, step.CSkip, x0, x0);
        }

        return IsFinite(_denoised);
    }

    private void RenoiseBuffer()
    {
        int l = RowLength;
        for (int i = 0; i < Steps - 1; i++)
        {
            StepCoefficients next = _steps[i + 1];
            Span<float> row = _buffer.AsSpan(i * l, l);

            // buffer_i = a_{i+1}·x̂0_i + b_{i+1}·ε_{i+1}   (or a_{i+1}·x̂0_i without re-noising)
            TensorPrimitives.Multiply(_denoised.AsSpan(i * l, l), next.A, row);
            if (AddNoiseBetweenSteps)
            {
                TensorPrimitives.MultiplyAdd(_noise.AsSpan((i + 1) * l, l), next.B, row, row);
            }
        }
    }

    private bool DecodeLatents()
    {
        TensorPrimitives.Divide(OutputLatent, Models.LatentScalingFactor, _outputLatent);
        Models.ImageDecoder.Decode(_outputLatent, _decodedImage);
        if (!IsFinite(_decodedImage))
        {
            return false;
        }

        // Swap so the last good picture survives a bad decode.
        (_outputImage, _decodedImage) = (_decodedImage, _outputImage);
        return true;
    }

    private DenoiserStepOutcome Fail(NonFiniteStage stage)
    {
        Reset();
        LastNonFiniteStage = stage;
        return DenoiserStepOutcome.NonFinite;
    }

    // MaxMagnitude returns NaN if any element is NaN and +Inf if any is ±Inf, so one reduction checks every element.
    private static bool IsFinite(ReadOnlySpan<float> values) => float.IsFinite(TensorPrimitives.MaxMagnitude(values));

    private static void CheckLength(int actual, int expected, string name, string what)
    {
        if (actual != expected)
        {
            throw new ArgumentException(
                $"The {what} has {actual} floats but this pipeline state needs {expected}. Fix: produce it with this state's models and step count.",
                name);
        }
    }
}
