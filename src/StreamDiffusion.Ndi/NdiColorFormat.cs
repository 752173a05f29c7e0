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

/// <summary>The pixel format a receiver asks the library for (<c>NDIlib_recv_color_format_e</c>).</summary>
public enum NdiColorFormat
{
    /// <summary>BGRX without alpha, BGRA with alpha.</summary>
    BgrxBgra = 0,

    /// <summary>UYVY without alpha, BGRA with alpha (the library's default).</summary>
    UyvyBgra = 1,

    /// <summary>RGBX without alpha, RGBA with alpha.</summary>
    RgbxRgba = 2,

    /// <summary>UYVY without alpha, RGBA with alpha.</summary>
    UyvyRgba = 3,

    /// <summary>No conversion: UYVY, or UYVA with alpha; fields are always passed through.</summary>
    Fastest = 100,

    /// <summary>Highest quality: 16-bit P216, or PA16 with alpha, even from 8-bit senders.</summary>
    Best = 101,
}
