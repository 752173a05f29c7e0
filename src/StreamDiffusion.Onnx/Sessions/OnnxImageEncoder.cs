using System.Numerics.Tensors;
using Microsoft.ML.OnnxRuntime;
using StreamDiffusion.Core.Models;

namespace StreamDiffusion.Onnx.Sessions;

/// <summary>
/// <see cref="IImageEncoder"/> over an ONNX Runtime session: image in [-1, 1] (mapped to [0, 1] for raw TAESD graphs),
/// latent read back as the distribution's mean (the first channels of a mean ‖ log-variance output). Buffers and the
/// IO binding are made once; <see cref="Encode"/> allocates nothing. Not thread-safe.
/// </summary>
public sealed class OnnxImageEncoder : IImageEncoder, IDisposable
{
    private readonly SessionLease _lease;
    private readonly ImageRange _range;
    private readonly BoundTensor _image;
    private readonly BoundTensor _latent;
    private readonly float[] _scratch;
    private readonly OrtIoBinding _binding;
    private readonly RunOptions _runOptions = new();

    internal OnnxImageEncoder(SessionLease lease, VaeSignature signature, int imageHeight, int imageWidth, LatentShape latent, ImageRange range, bool samplesInGraph)
    {
        _lease = lease;
        _range = range;
        ImageHeight = imageHeight;
        ImageWidth = imageWidth;
        Latent = latent;
        SamplesInGraph = samplesInGraph;
        _image = new BoundTensor(signature.Input, signature.InputType, [1, 3, imageHeight, imageWidth]);
        _latent = new BoundTensor(signature.Output, signature.OutputType, [1, signature.OutputChannels, latent.Height, latent.Width]);
        _scratch = range == ImageRange.ZeroToOne ? new float[_image.Length] : [];
        _binding = lease.Session.CreateIoBinding();
        _binding.BindInput(_image.Name, _image.Value);
        _binding.BindOutput(_latent.Name, _latent.Value);
    }

    /// <inheritdoc />
    public int ImageHeight { get; }

    /// <inheritdoc />
    public int ImageWidth { get; }

    /// <inheritdoc />
    public LatentShape Latent { get; }

    /// <summary>True when the graph draws its latent at random (legacy exports): the same frame encodes differently each time.</summary>
    public bool SamplesInGraph { get; }

    /// <inheritdoc />
    public void Encode(ReadOnlySpan<float> image, Span<float> latent)
    {
        if (image.Length != _image.Length || latent.Length != Latent.Length)
        {
            throw new ArgumentException($"The encoder takes {_image.Length} image floats and writes {Latent.Length} latent floats; got {image.Length} and {latent.Length}.", nameof(image));
        }

        if (_range == ImageRange.ZeroToOne)
        {
            // x' = x/2 + 1/2 maps [-1, 1] onto [0, 1].
            TensorPrimitives.Multiply(image, 0.5f, _scratch);
            TensorPrimitives.Add(_scratch, 0.5f, _scratch);
            _image.WriteFloats(_scratch);
        }
        else
        {
            _image.WriteFloats(image);
        }

        _lease.Session.RunWithBinding(_runOptions, _binding);
        // Channel-major with batch 1: the mean's channels come first in a mean ‖ log-variance tensor.
        _latent.ReadFloats(latent);
    }

    /// <summary>Releases buffers and this holder's share of the session.</summary>
    public void Dispose()
    {
        _binding.Dispose();
        _image.Dispose();
        _latent.Dispose();
        _runOptions.Dispose();
        _lease.Dispose();
    }
}
