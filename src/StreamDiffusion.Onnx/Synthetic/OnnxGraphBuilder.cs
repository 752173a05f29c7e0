using System.Runtime.InteropServices;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime.Tensors;
using Onnx;

namespace StreamDiffusion.Onnx.Synthetic;

/// <summary>
/// A small writer of ONNX graphs over OnnxSharp's protobuf classes: typed inputs and outputs, initializers and nodes
/// with generated names. Used to build synthetic models with the real signatures of Stable Diffusion exports.
/// </summary>
public sealed class OnnxGraphBuilder
{
    /// <summary>The operator set the synthetic graphs are written for (ReduceMean takes axes as an attribute here).</summary>
    public const int OpsetVersion = 17;

    /// <summary>Initializers at least this large go to the external data file (onnx's default size_threshold).</summary>
    public const int ExternalDataThreshold = 1024;

    private readonly GraphProto _graph;
    private int _nextName;

    /// <summary>Starts an empty graph called <paramref name="name"/>.</summary>
    public OnnxGraphBuilder(string name)
    {
        _graph = new GraphProto { Name = name };
    }

    /// <summary>Declares a graph input and returns its name.</summary>
    public string Input(string name, TensorElementType type, params ShapeDim[] shape)
    {
        _graph.Input.Add(ValueInfo(name, type, shape));
        return name;
    }

    /// <summary>Declares a graph output fed by <paramref name="source"/> (through an Identity node when the names differ).</summary>
    public void Output(string name, string source, TensorElementType type, params ShapeDim[] shape)
    {
        if (source != name)
        {
            _graph.Node.Add(new NodeProto { OpType = "Identity", Name = "out_" + name, Input = { source }, Output = { name } });
        }

        _graph.Output.Add(ValueInfo(name, type, shape));
    }

    /// <summary>Adds a float initializer and returns its name.</summary>
    public string Floats(ReadOnlySpan<float> values, params long[] dims) =>
        Initializer(TensorElementType.Float, MemoryMarshal.AsBytes(values), dims);

    /// <summary>Adds a float initializer under a given name (e.g. the weight's key in a checkpoint) and returns the name.</summary>
    public string Named(string name, ReadOnlySpan<float> values, long[] dims)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorElementType.Float, RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values)) };
        tensor.Dims.AddRange(dims);
        _graph.Initializer.Add(tensor);
        return name;
    }

    /// <summary>Adds an int64 initializer and returns its name.</summary>
    public string Int64s(ReadOnlySpan<long> values, params long[] dims) =>
        Initializer(TensorElementType.Int64, MemoryMarshal.AsBytes(values), dims);

    /// <summary>Adds a float scalar (rank 0) initializer.</summary>
    public string Scalar(float value) => Floats([value]);

    /// <summary>Adds a node with one output and returns the output's name.</summary>
    public string Node(string opType, string[] inputs, params AttributeProto[] attributes)
    {
        var output = $"{opType.ToLowerInvariant()}_{_nextName++}";
        var node = new NodeProto { OpType = opType, Name = output + "_node", Output = { output } };
        node.Input.AddRange(inputs);
        node.Attribute.AddRange(attributes);
        _graph.Node.Add(node);
        return output;
    }

    /// <summary>Casts <paramref name="input"/> to <paramref name="type"/>, or returns it unchanged when <paramref name="from"/> already is that type.</summary>
    public string Cast(string input, TensorElementType from, TensorElementType type) =>
        from == type ? input : Node("Cast", [input], IntAttribute("to", (long)type));

    /// <summary>An integer attribute.</summary>
    public static AttributeProto IntAttribute(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    /// <summary>A float attribute.</summary>
    public static AttributeProto FloatAttribute(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    /// <summary>A string attribute.</summary>
    public static AttributeProto StringAttribute(string name, string value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) };

    /// <summary>An integer list attribute.</summary>
    public static AttributeProto IntsAttribute(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    /// <summary>The finished model (IR 8, opset <see cref="OpsetVersion"/>).</summary>
    public ModelProto Build(string producer = "StreamDiffusion.Broadcast synthetic")
    {
        var model = new ModelProto
        {
            IrVersion = 8,
            ProducerName = producer,
            Graph = _graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = OpsetVersion });
        return model;
    }

    /// <summary>
    /// Writes the model to <paramref name="path"/>. With <paramref name="externalData"/>, the bytes of every initializer
    /// of 1 KiB or more go to <c>&lt;file&gt;.data</c> beside it (ONNX external data: location, offset, length), as
    /// onnx.save does; smaller ones stay inline because shape inference must read shape constants at load.
    /// </summary>
    public static void Save(ModelProto model, string path, bool externalData)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (externalData)
        {
            var dataName = Path.GetFileName(path) + ".data";
            using var data = File.Create(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, dataName));
            foreach (var tensor in model.Graph.Initializer)
            {
                if (tensor.RawData.Length < ExternalDataThreshold)
                {
                    continue;
                }

                var bytes = tensor.RawData.ToByteArray();
                var offset = data.Position;
                data.Write(bytes);
                tensor.RawData = ByteString.Empty;
                tensor.DataLocation = TensorProto.Types.DataLocation.External;
                tensor.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = dataName });
                tensor.ExternalData.Add(new StringStringEntryProto { Key = "offset", Value = offset.ToString(System.Globalization.CultureInfo.InvariantCulture) });
                tensor.ExternalData.Add(new StringStringEntryProto { Key = "length", Value = bytes.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            }
        }

        File.WriteAllBytes(path, model.ToByteArray());
    }

    private string Initializer(TensorElementType type, ReadOnlySpan<byte> bytes, long[] dims)
    {
        var name = $"w_{_nextName++}";
        var tensor = new TensorProto { Name = name, DataType = (int)type, RawData = ByteString.CopyFrom(bytes) };
        tensor.Dims.AddRange(dims);
        _graph.Initializer.Add(tensor);
        return name;
    }

    private static ValueInfoProto ValueInfo(string name, TensorElementType type, ShapeDim[] shape)
    {
        var tensorShape = new TensorShapeProto();
        foreach (var dim in shape)
        {
            tensorShape.Dim.Add(dim.Name is null
                ? new TensorShapeProto.Types.Dimension { DimValue = dim.Size }
                : new TensorShapeProto.Types.Dimension { DimParam = dim.Name });
        }

        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = tensorShape } },
        };
    }
}
