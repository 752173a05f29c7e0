using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace StreamDiffusion.Onnx.Sessions;

/// <summary>
/// One graph input or output bound for the lifetime of a wrapper: a pinned host buffer of the element type the graph
/// declares, wrapped once by an <see cref="OrtValue"/> that ORT reads and writes in place. Converts to and from fp32
/// so callers always speak float. The wrapper that creates it owns it and disposes it at shutdown.
/// </summary>
internal sealed class BoundTensor : IDisposable
{
    private readonly float[]? _floats;
    private readonly Float16[]? _halves;
    private readonly int[]? _ints;
    private readonly long[]? _longs;

    public BoundTensor(string name, TensorElementType type, long[] shape)
    {
        Name = name;
        Type = type;
        Shape = shape;
        long length = 1;
        foreach (var dim in shape)
        {
            length *= dim;
        }

        Length = checked((int)length);
        var memory = OrtMemoryInfo.DefaultInstance;
        switch (type)
        {
            case TensorElementType.Float:
                _floats = GC.AllocateArray<float>(Length, pinned: true);
                Value = OrtValue.CreateTensorValueFromMemory(memory, _floats.AsMemory(), shape);
                break;
            case TensorElementType.Float16:
                _halves = GC.AllocateArray<Float16>(Length, pinned: true);
                Value = OrtValue.CreateTensorValueFromMemory(memory, _halves.AsMemory(), shape);
                break;
            case TensorElementType.Int32:
                _ints = GC.AllocateArray<int>(Length, pinned: true);
                Value = OrtValue.CreateTensorValueFromMemory(memory, _ints.AsMemory(), shape);
                break;
            case TensorElementType.Int64:
                _longs = GC.AllocateArray<long>(Length, pinned: true);
                Value = OrtValue.CreateTensorValueFromMemory(memory, _longs.AsMemory(), shape);
                break;
            default:
                throw new NotSupportedException($"Tensor '{name}' has element type {type}; only float, float16, int32 and int64 are bound.");
        }
    }

    public string Name { get; }

    public TensorElementType Type { get; }

    public long[] Shape { get; }

    public int Length { get; }

    public OrtValue Value { get; }

    /// <summary>Writes fp32 values, converting to the declared type (fp16 by vectorized conversion, integers by truncation).</summary>
    public void WriteFloats(ReadOnlySpan<float> source)
    {
        switch (Type)
        {
            case TensorElementType.Float:
                source.CopyTo(_floats);
                break;
            case TensorElementType.Float16:
                // ORT's Float16 and System.Half share their bits; TensorPrimitives converts Half vectorized.
                TensorPrimitives.ConvertToHalf(source, MemoryMarshal.Cast<Float16, Half>(_halves.AsSpan()));
                break;
            case TensorElementType.Int64:
                for (var i = 0; i < source.Length; i++)
                {
                    _longs![i] = (long)source[i];
                }

                break;
            default:
                for (var i = 0; i < source.Length; i++)
                {
                    _ints![i] = (int)source[i];
                }

                break;
        }
    }

    /// <summary>Writes integer ids, converting to int64 when the graph declares it.</summary>
    public void WriteInts(ReadOnlySpan<int> source)
    {
        switch (Type)
        {
            case TensorElementType.Int32:
                source.CopyTo(_ints);
                break;
            case TensorElementType.Int64:
                for (var i = 0; i < source.Length; i++)
                {
                    _longs![i] = source[i];
                }

                break;
            default:
                throw new InvalidOperationException($"Tensor '{Name}' is {Type}, not an integer tensor.");
        }
    }

    /// <summary>Reads the first <c>destination.Length</c> values as fp32.</summary>
    public void ReadFloats(Span<float> destination) => ReadFloats(0, destination);

    /// <summary>Reads <c>destination.Length</c> values starting at element <paramref name="offset"/> as fp32.</summary>
    public void ReadFloats(int offset, Span<float> destination)
    {
        switch (Type)
        {
            case TensorElementType.Float:
                _floats.AsSpan(offset, destination.Length).CopyTo(destination);
                break;
            case TensorElementType.Float16:
                TensorPrimitives.ConvertToSingle(MemoryMarshal.Cast<Float16, Half>(_halves.AsSpan(offset, destination.Length)), destination);
                break;
            default:
                throw new InvalidOperationException($"Tensor '{Name}' is {Type}, not a float tensor.");
        }
    }

    public void Dispose() => Value.Dispose();
}
