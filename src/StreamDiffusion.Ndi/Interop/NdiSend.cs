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

/// <summary><c>NDIlib_send_create_t</c> (24 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct NdiSendCreate
{
    public byte* NdiName;
    public byte* Groups;
    public byte ClockVideo;
    public byte ClockAudio;
}

/// <summary>
/// An <c>NDIlib_send_instance_t</c>, released with <c>NDIlib_send_destroy</c> (which also ends any pending async
/// video send, so buffers may be freed after it).
/// </summary>
internal sealed unsafe class NdiSendHandle : SafeHandle
{
    private readonly NdiFunctionTable _functions;

    private NdiSendHandle(NdiFunctionTable functions, nint instance)
        : base(0, ownsHandle: true)
    {
        _functions = functions;
        SetHandle(instance);
    }

    /// <inheritdoc />
    public override bool IsInvalid => handle == 0;

    /// <summary>Creates a sender; null when the library returns NULL (for example the name is taken on this machine).</summary>
    public static NdiSendHandle? Create(NdiFunctionTable functions, in NdiSendCreate settings)
    {
        fixed (NdiSendCreate* p = &settings)
        {
            var instance = functions.SendCreate(p);
            return instance == 0 ? null : new NdiSendHandle(functions, instance);
        }
    }

    /// <summary>The source as the library published it (valid until destroy).</summary>
    public NdiSourceNative* GetSourceName() => _functions.SendGetSourceName(handle);

    /// <summary>Synchronous send: the buffer may be reused when this returns.</summary>
    public void SendVideo(NdiVideoFrameV2* frame) => _functions.SendSendVideoV2(handle, frame);

    /// <summary>Async send: the buffer stays the library's until the next send on this sender (NULL flushes).</summary>
    public void SendVideoAsync(NdiVideoFrameV2* frame) => _functions.SendSendVideoAsyncV2(handle, frame);

    /// <summary>Synchronous planar-float audio send.</summary>
    public void SendAudio(NdiAudioFrameV3* frame) => _functions.SendSendAudioV3(handle, frame);

    /// <summary>Sends a metadata message to every connected receiver.</summary>
    public void SendMetadata(NdiMetadataFrame* frame) => _functions.SendSendMetadata(handle, frame);

    /// <summary>Receivers connected now; waits up to <paramref name="timeoutMs"/> for the first one.</summary>
    public int GetConnectionCount(uint timeoutMs) => _functions.SendGetNoConnections(handle, timeoutMs);

    /// <summary>Combined tally of all receivers; true when it changed since the last call.</summary>
    public bool GetTally(NdiTallyNative* tally, uint timeoutMs) => _functions.SendGetTally(handle, tally, timeoutMs) != 0;

    /// <summary>Adds metadata replayed to every new receiver (product identity, capabilities).</summary>
    public void AddConnectionMetadata(NdiMetadataFrame* frame) => _functions.SendAddConnectionMetadata(handle, frame);

    /// <summary>Clears the connection metadata.</summary>
    public void ClearConnectionMetadata() => _functions.SendClearConnectionMetadata(handle);

    /// <summary>Waits for an upstream metadata message (for example tally or a hardware-decode request).</summary>
    public NdiFrameType CaptureMetadata(NdiMetadataFrame* frame, uint timeoutMs) => _functions.SendCapture(handle, frame, timeoutMs);

    /// <summary>Returns a metadata frame captured by <see cref="CaptureMetadata"/> (never one we sent).</summary>
    public void FreeMetadata(NdiMetadataFrame* frame) => _functions.SendFreeMetadata(handle, frame);

    /// <summary>Type tag and native address, to match the library's own traces.</summary>
    public override string ToString() => $"ndi-send 0x{handle:x}";

    /// <inheritdoc />
    protected override bool ReleaseHandle()
    {
        _functions.SendDestroy(handle);
        return true;
    }
}
