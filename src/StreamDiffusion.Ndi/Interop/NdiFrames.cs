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

using System.Runtime.InteropServices;

namespace StreamDiffusion.Ndi.Interop;

/// <summary>The header's frame type (<c>NDIlib_frame_type_e</c>), returned by the capture calls.</summary>
internal enum NdiFrameType
{
    None = 0,
    Video = 1,
    Audio = 2,
    Metadata = 3,
    Error = 4,
    StatusChange = 100,

    /// <summary>NDI 6.2 and later: the source a receiver is connected to changed.</summary>
    SourceChange = 101,
}

/// <summary><c>NDIlib_source_t</c> (16 bytes): a source's name and opaque address, both UTF-8.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct NdiSourceNative
{
    public byte* NdiName;
    public byte* UrlAddress;
}

/// <summary><c>NDIlib_video_frame_v2_t</c> (72 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct NdiVideoFrameV2
{
    public int XRes;
    public int YRes;
    public NdiFourCC FourCC;
    public int FrameRateN;
    public int FrameRateD;
    public float PictureAspectRatio;
    public NdiFrameFormat FrameFormatType;
    public long Timecode;
    public byte* Data;

    /// <summary>Union with <c>data_size_in_bytes</c> for compressed formats.</summary>
    public int LineStrideInBytes;
    public byte* Metadata;
    public long Timestamp;
}

/// <summary><c>NDIlib_audio_frame_v3_t</c> (64 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct NdiAudioFrameV3
{
    public int SampleRate;
    public int NoChannels;
    public int NoSamples;
    public long Timecode;
    public NdiFourCC FourCC;
    public byte* Data;

    /// <summary>Union with <c>data_size_in_bytes</c>.</summary>
    public int ChannelStrideInBytes;
    public byte* Metadata;
    public long Timestamp;
}

/// <summary><c>NDIlib_metadata_frame_t</c> (24 bytes); <c>length</c> counts the NUL, 0 means "use strlen".</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct NdiMetadataFrame
{
    public int Length;
    public long Timecode;
    public byte* Data;
}

/// <summary><c>NDIlib_tally_t</c> (2 bytes, two C bools).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NdiTallyNative
{
    public byte OnProgram;
    public byte OnPreview;
}
