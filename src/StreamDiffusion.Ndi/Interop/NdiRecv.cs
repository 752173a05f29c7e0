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

/// <summary><c>NDIlib_recv_create_v3_t</c> (40 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct NdiRecvCreateV3
{
    public NdiSourceNative SourceToConnectTo;
    public NdiColorFormat ColorFormat;
    public NdiBandwidth Bandwidth;
    public byte AllowVideoFields;
    public byte* NdiRecvName;
}

/// <summary><c>NDIlib_recv_performance_t</c> (24 bytes): frame counts since the receiver was created.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NdiRecvPerformance
{
    public long VideoFrames;
    public long AudioFrames;
    public long MetadataFrames;
}

/// <summary><c>NDIlib_recv_queue_t</c> (12 bytes): frames waiting to be captured.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NdiRecvQueue
{
    public int VideoFrames;
    public int AudioFrames;
    public int MetadataFrames;
}

/// <summary>
/// An <c>NDIlib_recv_instance_t</c>, released with <c>NDIlib_recv_destroy</c>. Frames it captured must be freed
/// through this same handle (the free calls below), never through another receiver.
/// </summary>
internal sealed unsafe class NdiRecvHandle : SafeHandle
{
    private readonly NdiFunctionTable _functions;

    private NdiRecvHandle(NdiFunctionTable functions, nint instance)
        : base(0, ownsHandle: true)
    {
        _functions = functions;
        SetHandle(instance);
    }

    /// <inheritdoc />
    public override bool IsInvalid => handle == 0;

    /// <summary>Creates a receiver; null when the library returns NULL.</summary>
    public static NdiRecvHandle? Create(NdiFunctionTable functions, in NdiRecvCreateV3 settings)
    {
        fixed (NdiRecvCreateV3* p = &settings)
        {
            var instance = functions.RecvCreateV3(p);
            return instance == 0 ? null : new NdiRecvHandle(functions, instance);
        }
    }

    /// <summary>Connects to <paramref name="source"/> (NULL disconnects); the library reconnects by itself later.</summary>
    public void Connect(NdiSourceNative* source) => _functions.RecvConnect(handle, source);

    /// <summary>Push-mode capture; a NULL pointer means that kind of frame is not wanted.</summary>
    public NdiFrameType Capture(NdiVideoFrameV2* video, NdiAudioFrameV3* audio, NdiMetadataFrame* metadata, uint timeoutMs) =>
        _functions.RecvCaptureV3(handle, video, audio, metadata, timeoutMs);

    /// <summary>Returns a captured audio frame to the library.</summary>
    public void FreeAudio(NdiAudioFrameV3* audio) => _functions.RecvFreeAudioV3(handle, audio);

    /// <summary>Returns a captured video frame to the library.</summary>
    public void FreeVideo(NdiVideoFrameV2* video) => _functions.RecvFreeVideoV2(handle, video);

    /// <summary>Returns a captured metadata frame to the library.</summary>
    public void FreeMetadata(NdiMetadataFrame* metadata) => _functions.RecvFreeMetadata(handle, metadata);

    /// <summary>Total and dropped frame counts.</summary>
    public void GetPerformance(NdiRecvPerformance* total, NdiRecvPerformance* dropped) => _functions.RecvGetPerformance(handle, total, dropped);

    /// <summary>Current queue depths.</summary>
    public void GetQueue(NdiRecvQueue* queue) => _functions.RecvGetQueue(handle, queue);

    /// <summary>1 while connected to a source, else 0.</summary>
    public int GetConnectionCount() => _functions.RecvGetNoConnections(handle);

    /// <summary>Sends tally upstream; the library remembers it and re-sends after a reconnect.</summary>
    public bool SetTally(NdiTallyNative* tally) => _functions.RecvSetTally(handle, tally) != 0;

    /// <summary>Sends one metadata message upstream to the source.</summary>
    public bool SendMetadata(NdiMetadataFrame* metadata) => _functions.RecvSendMetadata(handle, metadata) != 0;

    /// <summary>Type tag and native address, to match the library's own traces.</summary>
    public override string ToString() => $"ndi-recv 0x{handle:x}";

    /// <inheritdoc />
    protected override bool ReleaseHandle()
    {
        _functions.RecvDestroy(handle);
        return true;
    }
}
