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

/// <summary>How a video frame relates to fields (<c>NDIlib_frame_format_type_e</c>); note progressive is 1, not 0.</summary>
public enum NdiFrameFormat
{
    /// <summary>Both fields woven into one frame, top field first.</summary>
    Interleaved = 0,

    /// <summary>A progressive frame.</summary>
    Progressive = 1,

    /// <summary>The even (top) field alone; the frame holds half the lines.</summary>
    Field0 = 2,

    /// <summary>The odd (bottom) field alone; the frame holds half the lines.</summary>
    Field1 = 3,
}
