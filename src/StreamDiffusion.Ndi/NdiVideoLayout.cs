namespace StreamDiffusion.Ndi;

/// <summary>Line strides and buffer sizes of the uncompressed NDI video formats (research/ndi.md §1.5).</summary>
public static class NdiVideoLayout
{
    /// <summary>True for the formats this service sends and receives uncompressed.</summary>
    public static bool IsSupported(NdiFourCC fourCC) => fourCC is NdiFourCC.UYVY or NdiFourCC.UYVA or NdiFourCC.P216 or NdiFourCC.PA16
        or NdiFourCC.YV12 or NdiFourCC.I420 or NdiFourCC.NV12 or NdiFourCC.BGRA or NdiFourCC.BGRX or NdiFourCC.RGBA or NdiFourCC.RGBX;

    /// <summary>True for 4:2:0 formats, which need an even height.</summary>
    public static bool IsFourTwoZero(NdiFourCC fourCC) => fourCC is NdiFourCC.YV12 or NdiFourCC.I420 or NdiFourCC.NV12;

    /// <summary>The stride of the first plane when the frame says 0 ("packed").</summary>
    public static int DefaultStride(NdiFourCC fourCC, int width) => fourCC switch
    {
        NdiFourCC.BGRA or NdiFourCC.BGRX or NdiFourCC.RGBA or NdiFourCC.RGBX => width * 4,
        NdiFourCC.UYVY or NdiFourCC.UYVA or NdiFourCC.P216 or NdiFourCC.PA16 => width * 2,
        NdiFourCC.YV12 or NdiFourCC.I420 or NdiFourCC.NV12 => width,
        _ => 0,
    };

    /// <summary>Bytes of all planes of one frame with <paramref name="stride"/> bytes per line of the first plane.</summary>
    public static long BufferSize(NdiFourCC fourCC, int width, int height, int stride)
    {
        long s = stride, h = height;
        return fourCC switch
        {
            NdiFourCC.UYVA => (s * h) + ((long)width * h),
            NdiFourCC.P216 => s * h * 2,
            NdiFourCC.PA16 => s * h * 3,
            NdiFourCC.YV12 or NdiFourCC.I420 => (s * h) + (2 * (s / 2) * ((h + 1) / 2)),
            NdiFourCC.NV12 => (s * h) + (s * ((h + 1) / 2)),
            _ => s * h,
        };
    }
}
