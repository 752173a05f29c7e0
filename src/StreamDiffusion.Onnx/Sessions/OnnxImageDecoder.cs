using System.Numerics.Tensors;
using Microsoft.ML.OnnxRuntime;
using StreamDiffusion.Core.Models;

namespace StreamDiffusion.Onnx.Sessions;

/// <summary>
/// <see cref="IImageDecoder"/> over an ONNX Runtime session: unscaled latent in, image out in [-1, 1] (mapped from
/// [0, 1] for raw TAESD graphs). Buffers and the IO binding are made once; <see cref="Decode"/> allocates nothing.
/// Not thread-safe.
/// </summary>
public sealed class OnnxImageDecoder : IImageDecoder, IDisposable
{
    private readonly SessionLease _lease;
    private readonly ImageRange _range;
    private readonly BoundTensor _latent;
    private readonly BoundTensor _image;
    private readonly OrtIoBinding _binding;
    private readonly RunOptions _runOptions = new();

    internal OnnxImageDecoder(SessionLease lease, VaeSignature signature, int imageHeight, int imageWidth, LatentShape latent, ImageRange range)
    {
        _lease = lease;
        _range = range;
        ImageHeight = imageHeight;
        ImageWidth = imageWidth;
        Latent = latent;
        _latent = new BoundTensor(signature.Input, signature.InputType, [1, latent.Channels, latent.Height, latent.Width]);
        _image = new BoundTensor(signature.Output, signature.OutputType, [1, 3, imageHeight, imageWidth]);
        _binding = lease.Session.CreateIoBinding();
        _binding.BindInput(_latent.Name, _latent.Value);
        _binding.BindOutput(_image.Name, _image.Value);
    }

    /// <inheritdoc />
    public int ImageHeight { get; }

    /// <inheritdoc />
    public int ImageWidth { get; }

    /// <inheritdoc />
    public LatentShape Latent { get; }

    /// <inheritdoc />
    public void Decode(ReadOnlySpan<float> latent, Span<float> image)
    {
        if (latent.Length != Latent.Length || image.Length != _image.Length)
        {
            throw new ArgumentException($"The decoder takes {Latent.Length} latent floats and writes {_image.Length} image floats; got {latent.Length} and {image.Length}.", nameof(latent));
        }

        _latent.WriteFloats(latent);
        _lease.Session.RunWithBinding(_runOptions, _binding);
        _image.ReadFloats(image);
        if (_range == ImageRange.ZeroToOne)
        {
            // x' = 2x − 1 maps [0, 1] onto [-1, 1].
            TensorPrimitives.Multiply(image, 2f, image);
            TensorPrimitives.Add(image, -1f, image);
        }
    }

    /// <summary>Releases buffers and this holder's share of the session.</summary>
    public void Dispose()
    {
        _binding.Dispose();
        _latent.Dispose();
        _image.Dispose();
        _runOptions.Dispose();
        _lease.Dispose();
    }
}
