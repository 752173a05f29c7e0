namespace StreamDiffusion.Video.Frames;

/// <summary>The pixel formats an NDI® receiver can deliver, valued as NDI's FourCC codes (research/ndi.md §1.5).</summary>
public enum PixelFormat : uint
{
    /// <summary>Packed 4:2:2 Y'CbCr, U0 Y0 V0 Y1, 8 bits, limited range.</summary>
    Uyvy = 0x59565955,

    /// <summary>A UYVY plane followed by a full-range 8-bit alpha plane of width × height bytes.</summary>
    Uyva = 0x41565955,

    /// <summary>B G R A bytes, straight (not premultiplied) alpha.</summary>
    Bgra = 0x41524742,

    /// <summary>As BGRA with the fourth byte ignored (255 when we write it).</summary>
    Bgrx = 0x58524742,

    /// <summary>R G B A bytes, straight alpha.</summary>
    Rgba = 0x41424752,

    /// <summary>As RGBA with the fourth byte ignored.</summary>
    Rgbx = 0x58424752,

    /// <summary>16-bit Y plane then interleaved 16-bit CbCr (the receiver's <c>best</c> colour format); refused, see docs/video.md.</summary>
    P216 = 0x36313250,

    /// <summary>P216 followed by a 16-bit alpha plane; refused, see docs/video.md.</summary>
    Pa16 = 0x36314150,
}
