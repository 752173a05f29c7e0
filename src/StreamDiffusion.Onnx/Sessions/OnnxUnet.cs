using Microsoft.ML.OnnxRuntime;
using StreamDiffusion.Core.Models;

namespace StreamDiffusion.Onnx.Sessions;

/// <summary>
/// <see cref="IUnet"/> over an ONNX Runtime session. Inputs and outputs are bound by name from the graph's metadata
/// into pinned buffers of the declared element types, once per row count (created on the first call with that count),
/// and reused by an <see cref="OrtIoBinding"/>: a steady-state <see cref="Predict"/> allocates nothing.
/// Not thread-safe: one inference thread owns an instance.
/// </summary>
public sealed class OnnxUnet : IUnet, IDisposable
{
    private readonly SessionLease _lease;
    private readonly UnetSignature _signature;
    private readonly RowBinding?[] _bindings;
    private readonly RunOptions _runOptions = new();
    private readonly float[] _condRow;
    private float _condScale = float.NaN;

    internal OnnxUnet(SessionLease lease, UnetSignature signature, LatentShape latent, int sequenceLength, int embeddingWidth, int maxRows)
    {
        _lease = lease;
        _signature = signature;
        Latent = latent;
        SequenceLength = sequenceLength;
        EmbeddingWidth = embeddingWidth;
        MaxRows = maxRows;
        _bindings = new RowBinding?[maxRows + 1];
        _condRow = new float[signature.TimestepCondWidth];
    }

    /// <inheritdoc />
    public LatentShape Latent { get; }

    /// <inheritdoc />
    public int SequenceLength { get; }

    /// <inheritdoc />
    public int EmbeddingWidth { get; }

    /// <inheritdoc />
    public int MaxRows { get; }

    /// <summary>True when the export has the LCM <c>timestep_cond</c> input (guidance is distilled in).</summary>
    public bool HasTimestepCond => _signature.TimestepCond is not null;

    /// <summary>The model file.</summary>
    public string ModelPath => _lease.ModelPath;

    /// <inheritdoc />
    public void Predict(in UnetBatch batch, Span<float> noisePrediction)
    {
        var rows = batch.Rows;
        if ((uint)(rows - 1) >= (uint)MaxRows)
        {
            throw new ArgumentOutOfRangeException(nameof(batch), rows, $"A UNet call takes 1 to {MaxRows} rows (MaxRows of this pipeline state).");
        }

        var latentLength = rows * Latent.Length;
        if (batch.Latents.Length != latentLength || noisePrediction.Length != latentLength ||
            batch.Timesteps.Length != rows || batch.TextEmbeddings.Length != rows * SequenceLength * EmbeddingWidth)
        {
            throw new ArgumentException(
                $"UNet batch of {rows} rows needs latents and prediction of {latentLength} floats, {rows} timesteps and " +
                $"{rows * SequenceLength * EmbeddingWidth} text floats; got {batch.Latents.Length}, {noisePrediction.Length}, " +
                $"{batch.Timesteps.Length} and {batch.TextEmbeddings.Length}.", nameof(batch));
        }

        var binding = _bindings[rows] ??= new RowBinding(_lease.Session, _signature, Latent, SequenceLength, EmbeddingWidth, rows);
        binding.Sample.WriteFloats(batch.Latents);
        binding.Timestep.WriteFloats(batch.Timesteps);
        binding.Text.WriteFloats(batch.TextEmbeddings);
        if (binding.Cond is { } cond && !binding.CondScale.Equals(batch.GuidanceScale))
        {
            if (!_condScale.Equals(batch.GuidanceScale))
            {
                GuidanceScaleEmbedding.Compute(batch.GuidanceScale, _condRow);
                _condScale = batch.GuidanceScale;
            }

            for (var row = 0; row < rows; row++)
            {
                _condRow.CopyTo(binding.CondRows.AsSpan(row * _condRow.Length));
            }

            cond.WriteFloats(binding.CondRows);
            binding.CondScale = batch.GuidanceScale;
        }

        _lease.Session.RunWithBinding(_runOptions, binding.IoBinding);
        binding.Output.ReadFloats(noisePrediction);
    }

    /// <summary>Releases buffers, bindings and this holder's share of the session.</summary>
    public void Dispose()
    {
        foreach (var binding in _bindings)
        {
            binding?.Dispose();
        }

        _runOptions.Dispose();
        _lease.Dispose();
    }

    // Everything bound for one row count: created once, rewritten in place per call.
    private sealed class RowBinding : IDisposable
    {
        public RowBinding(InferenceSession session, UnetSignature signature, LatentShape latent, int sequenceLength, int embeddingWidth, int rows)
        {
            long[] latentShape = [rows, latent.Channels, latent.Height, latent.Width];
            Sample = new BoundTensor(signature.Sample, signature.SampleType, latentShape);
            Timestep = new BoundTensor(signature.Timestep, signature.TimestepType, signature.TimestepIsScalar ? [] : [rows]);
            Text = new BoundTensor(signature.Text, signature.TextType, [rows, sequenceLength, embeddingWidth]);
            Output = new BoundTensor(signature.Output, signature.OutputType, latentShape);
            IoBinding = session.CreateIoBinding();
            IoBinding.BindInput(Sample.Name, Sample.Value);
            IoBinding.BindInput(Timestep.Name, Timestep.Value);
            IoBinding.BindInput(Text.Name, Text.Value);
            if (signature.TimestepCond is { } condName)
            {
                Cond = new BoundTensor(condName, signature.TimestepCondType, [rows, signature.TimestepCondWidth]);
                CondRows = new float[rows * signature.TimestepCondWidth];
                IoBinding.BindInput(Cond.Name, Cond.Value);
            }
            else
            {
                CondRows = [];
            }

            IoBinding.BindOutput(Output.Name, Output.Value);
        }

        public BoundTensor Sample { get; }

        public BoundTensor Timestep { get; }

        public BoundTensor Text { get; }

        public BoundTensor? Cond { get; }

        public float[] CondRows { get; }

        public float CondScale { get; set; } = float.NaN;

        public BoundTensor Output { get; }

        public OrtIoBinding IoBinding { get; }

        public void Dispose()
        {
            IoBinding.Dispose();
            Sample.Dispose();
            Timestep.Dispose();
            Text.Dispose();
            Cond?.Dispose();
            Output.Dispose();
        }
    }
}
