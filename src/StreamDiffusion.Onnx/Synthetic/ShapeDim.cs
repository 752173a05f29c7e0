namespace StreamDiffusion.Onnx.Synthetic;

/// <summary>One dimension of a graph input or output: a fixed size or a named dynamic axis (dim_param).</summary>
public readonly record struct ShapeDim(long Size, string? Name)
{
    /// <summary>A fixed size.</summary>
    public static implicit operator ShapeDim(int size) => new(size, null);

    /// <summary>A named dynamic axis such as "batch".</summary>
    public static implicit operator ShapeDim(string name) => new(0, name);

    /// <summary>Same as the implicit conversion from int.</summary>
    public static ShapeDim FromInt32(int size) => size;

    /// <summary>Same as the implicit conversion from string.</summary>
    public static ShapeDim FromString(string name) => name;
}
