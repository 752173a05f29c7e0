using System.Globalization;

namespace StreamDiffusion.Ndi;

/// <summary>The format of frames a sender submits.</summary>
/// <param name="Width">Pixels per line (even for the 4:2:2 and 4:2:0 formats).</param>
/// <param name="Height">Lines per frame (per field for <see cref="NdiFrameFormat.Field0"/>/<see cref="NdiFrameFormat.Field1"/>).</param>
/// <param name="FourCC">Pixel format.</param>
/// <param name="RateN">Frame rate numerator, passed through exactly (30000 of 30000/1001).</param>
/// <param name="RateD">Frame rate denominator.</param>
/// <param name="FrameFormat">Progressive, interleaved or a single field.</param>
/// <param name="AspectRatio">Picture aspect ratio; 0 means square pixels (width/height).</param>
/// <param name="Stride">Bytes per line of the first plane; 0 for packed lines.</param>
public readonly record struct NdiVideoFormat(
    int Width, int Height, NdiFourCC FourCC, int RateN, int RateD,
    NdiFrameFormat FrameFormat = NdiFrameFormat.Progressive, float AspectRatio = 0, int Stride = 0)
{
    /// <summary>The stride actually used.</summary>
    public int EffectiveStride => Stride != 0 ? Stride : NdiVideoLayout.DefaultStride(FourCC, Width);

    /// <summary>Bytes of one frame's planes.</summary>
    public long BufferSize => NdiVideoLayout.BufferSize(FourCC, Width, Height, EffectiveStride);

    /// <summary>Throws <see cref="ArgumentException"/> naming the value, the limit and the fix.</summary>
    public void Validate()
    {
        if (!NdiVideoLayout.IsSupported(FourCC))
        {
            throw new ArgumentException($"NDI video format {FourCC} (0x{(uint)FourCC:x8}) cannot be sent; use UYVY, UYVA, BGRA, BGRX, RGBA, RGBX, I420, NV12, YV12, P216 or PA16.");
        }

        if (Width is < 2 or > 16384 || Width % 2 != 0)
        {
            throw new ArgumentException($"NDI frame width {Width} is not valid: it must be even and from 2 to 16384 (NDI video is 4:2:2 inside).");
        }

        if (Height is < 1 or > 16384 || (NdiVideoLayout.IsFourTwoZero(FourCC) && Height % 2 != 0))
        {
            throw new ArgumentException($"NDI frame height {Height} is not valid for {FourCC}: it must be from 1 to 16384, and even for 4:2:0 formats.");
        }

        if (RateN <= 0 || RateD <= 0)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"NDI frame rate {RateN}/{RateD} is not valid: numerator and denominator must be positive (e.g. 30000/1001, 25/1)."));
        }

        if (Stride != 0 && Stride < NdiVideoLayout.DefaultStride(FourCC, Width))
        {
            throw new ArgumentException($"NDI line stride {Stride} is shorter than one line of {Width} {FourCC} pixels ({NdiVideoLayout.DefaultStride(FourCC, Width)} bytes); pass 0 or a longer stride.");
        }

        if (!Enum.IsDefined(FrameFormat))
        {
            throw new ArgumentException($"NDI frame format {(int)FrameFormat} is not one of {string.Join(", ", Enum.GetNames<NdiFrameFormat>())}.");
        }
    }
}
