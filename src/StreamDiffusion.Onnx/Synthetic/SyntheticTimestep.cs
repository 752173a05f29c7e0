namespace StreamDiffusion.Onnx.Synthetic;

/// <summary>The form of the UNet's <c>timestep</c> input, as the exporters in research/csharp-onnx.md §2 write it.</summary>
public enum SyntheticTimestep
{
    /// <summary>Float (fp16 with fp16 I/O) of shape [batch]: Olive, OnnxStack, StreamDiffusion-TRT.</summary>
    FloatVector,

    /// <summary>Float scalar of rank 0: current optimum-onnx. Cannot serve a multi-row stream batch.</summary>
    FloatScalar,

    /// <summary>int64 of shape [batch]: the legacy diffusers conversion script.</summary>
    Int64Vector,
}
