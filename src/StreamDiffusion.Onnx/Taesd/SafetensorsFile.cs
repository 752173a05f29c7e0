using System.Buffers.Binary;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace StreamDiffusion.Onnx.Taesd;

/// <summary>
/// Reads and writes the safetensors format: an 8-byte little-endian header length, a JSON header mapping each tensor
/// name to dtype, shape and data_offsets, then the raw little-endian data. Reads F32, F16 and BF16 as fp32.
/// </summary>
public static class SafetensorsFile
{
    /// <summary>Largest header accepted (the format's own limit is 100 MB).</summary>
    public const long MaxHeaderBytes = 100_000_000;

    /// <summary>Reads every tensor of <paramref name="path"/> as fp32; errors name the file and the tensor.</summary>
    public static IReadOnlyDictionary<string, SafetensorsTensor> Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 8)
        {
            throw new InvalidDataException($"'{path}' is {bytes.Length} bytes long; a safetensors file starts with an 8-byte header length.");
        }

        var headerLength = BinaryPrimitives.ReadInt64LittleEndian(bytes);
        if (headerLength <= 0 || headerLength > MaxHeaderBytes || 8 + headerLength > bytes.Length)
        {
            throw new InvalidDataException($"'{path}' declares a {headerLength}-byte header in a {bytes.Length}-byte file; it is not a safetensors file.");
        }

        var dataStart = 8 + (int)headerLength;
        var tensors = new Dictionary<string, SafetensorsTensor>(StringComparer.Ordinal);
        using var header = JsonDocument.Parse(bytes.AsMemory(8, (int)headerLength));
        foreach (var entry in header.RootElement.EnumerateObject())
        {
            if (entry.Name == "__metadata__")
            {
                continue;
            }

            var dtype = entry.Value.GetProperty("dtype").GetString();
            var shape = entry.Value.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray();
            var offsets = entry.Value.GetProperty("data_offsets").EnumerateArray().Select(d => d.GetInt64()).ToArray();
            var count = shape.Aggregate(1L, (a, b) => a * b);
            var elementSize = dtype switch { "F32" => 4, "F16" or "BF16" => 2, _ => 0 };
            if (elementSize == 0)
            {
                throw new InvalidDataException($"'{path}': tensor '{entry.Name}' has dtype {dtype}; only F32, F16 and BF16 are read.");
            }

            if (offsets.Length != 2 || offsets[1] - offsets[0] != count * elementSize || dataStart + offsets[1] > bytes.Length)
            {
                throw new InvalidDataException($"'{path}': tensor '{entry.Name}' ({dtype} [{string.Join(',', shape)}]) has data offsets [{string.Join(',', offsets)}] that do not fit its size or the file.");
            }

            var raw = bytes.AsSpan(dataStart + (int)offsets[0], (int)(count * elementSize));
            var values = new float[count];
            switch (dtype)
            {
                case "F32":
                    MemoryMarshal.Cast<byte, float>(raw).CopyTo(values);
                    break;
                case "F16":
                    TensorPrimitives.ConvertToSingle(MemoryMarshal.Cast<byte, Half>(raw), values);
                    break;
                default:
                    // bfloat16 is the top half of an fp32.
                    var halves = MemoryMarshal.Cast<byte, ushort>(raw);
                    for (var i = 0; i < values.Length; i++)
                    {
                        values[i] = BitConverter.Int32BitsToSingle(halves[i] << 16);
                    }

                    break;
            }

            tensors[entry.Name] = new SafetensorsTensor(shape, values);
        }

        return tensors;
    }

    /// <summary>Writes <paramref name="tensors"/> as F32 (names sorted, as the reference writer does).</summary>
    public static void Write(string path, IReadOnlyDictionary<string, SafetensorsTensor> tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var names = tensors.Keys.Order(StringComparer.Ordinal).ToArray();
        var header = new Dictionary<string, object>(StringComparer.Ordinal);
        long offset = 0;
        foreach (var name in names)
        {
            var size = tensors[name].Values.Length * 4L;
            header[name] = new Dictionary<string, object> { ["dtype"] = "F32", ["shape"] = tensors[name].Shape, ["data_offsets"] = new[] { offset, offset + size } };
            offset += size;
        }

        var json = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(header));
        using var stream = File.Create(path);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(length, json.Length);
        stream.Write(length);
        stream.Write(json);
        foreach (var name in names)
        {
            stream.Write(MemoryMarshal.AsBytes(tensors[name].Values.AsSpan()));
        }
    }
}
