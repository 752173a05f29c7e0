// Declarations in this file follow the NDI® SDK C headers (Processing.NDI.*.h, NDI 5 as shipped with the NDI 5.5
// runtime; the layouts are unchanged in NDI 6). Those header files carry this MIT notice, which applies to this file:
//
// Copyright (C)2014-2022, NewTek, inc.
//
// Permission is hereby granted, free of charge, to any person obtaining a copy of this software and
// associated documentation files(the "Software"), to deal in the Software without restriction, including
// without limitation the rights to use, copy, modify, merge, publish, distribute, sublicense, and / or sell
// copies of the Software, and to permit persons to whom the Software is furnished to do so, subject to the
// following conditions :
//
// The above copyright notice and this permission notice shall be included in all copies or substantial
// portions of the Software.
//
// THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT
// LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO
// EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER
// IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR
// THE USE OR OTHER DEALINGS IN THE SOFTWARE.
//
// NDI® is a registered trademark of Vizrt NDI AB (https://ndi.video/).

namespace StreamDiffusion.Ndi;

/// <summary>Pixel and sample formats of NDI frames (<c>NDIlib_FourCC_video_type_e</c>, four characters packed little-endian).</summary>
public enum NdiFourCC : uint
{
    /// <summary>No format (an empty frame).</summary>
    None = 0,

    /// <summary>Packed 4:2:2, U0 Y0 V0 Y1, 2 bytes per pixel.</summary>
    UYVY = 0x59565955,

    /// <summary>A UYVY plane followed by an 8-bit alpha plane.</summary>
    UYVA = 0x41565955,

    /// <summary>16-bit 4:2:2: a Y plane then an interleaved CbCr plane.</summary>
    P216 = 0x36313250,

    /// <summary>P216 followed by a 16-bit alpha plane.</summary>
    PA16 = 0x36314150,

    /// <summary>Planar 4:2:0: Y, V, U.</summary>
    YV12 = 0x32315659,

    /// <summary>Planar 4:2:0: Y, U, V.</summary>
    I420 = 0x30323449,

    /// <summary>Y plane then interleaved CbCr, 4:2:0.</summary>
    NV12 = 0x3231564E,

    /// <summary>B G R A bytes, straight alpha.</summary>
    BGRA = 0x41524742,

    /// <summary>B G R A bytes, alpha ignored.</summary>
    BGRX = 0x58524742,

    /// <summary>R G B A bytes, straight alpha.</summary>
    RGBA = 0x41424752,

    /// <summary>R G B A bytes, alpha ignored.</summary>
    RGBX = 0x58424752,

    /// <summary>Audio: planar 32-bit float.</summary>
    FLTP = 0x70544C46,
}
