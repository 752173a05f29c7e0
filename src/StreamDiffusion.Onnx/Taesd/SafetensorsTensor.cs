namespace StreamDiffusion.Onnx.Taesd;

/// <summary>One tensor of a safetensors file, as fp32.</summary>
/// <param name="Shape">Dimensions, outermost first.</param>
/// <param name="Values">Row-major values.</param>
public sealed record SafetensorsTensor(long[] Shape, float[] Values);
