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

/// <summary>
/// The NDI entry points this service calls, read once from the table that <c>NDIlib_v5_load</c> returns (C struct
/// <c>NDIlib_v5</c>; NDI 6 extends it by appending, so the same slots serve NDI 5.5 and 6.x runtimes).
/// </summary>
/// <remarks>
/// Every slot of the C table is one pointer (older slots are unions of a name and a deprecated alias). Slot numbers
/// are checked against <c>offsetof(NDIlib_v5, …)</c> by the layout tests, which compile a C program against the
/// headers. The table belongs to the loaded library and lives as long as the process.
/// </remarks>
internal sealed unsafe class NdiFunctionTable
{
    /// <summary>Slots of the NDI 5 table (0-based, pointer-sized); an NDI 5 table has 107 slots.</summary>
    internal static class Slot
    {
        public const int Initialize = 0;
        public const int Destroy = 1;
        public const int Version = 2;
        public const int IsSupportedCpu = 3;
        public const int FindCreateV2 = 5;
        public const int FindDestroy = 6;
        public const int SendCreate = 8;
        public const int SendDestroy = 9;
        public const int SendSendMetadata = 13;
        public const int SendCapture = 14;
        public const int SendFreeMetadata = 15;
        public const int SendGetTally = 16;
        public const int SendGetNoConnections = 17;
        public const int SendClearConnectionMetadata = 18;
        public const int SendAddConnectionMetadata = 19;
        public const int RecvDestroy = 23;
        public const int RecvFreeMetadata = 27;
        public const int RecvSendMetadata = 28;
        public const int RecvSetTally = 29;
        public const int RecvGetPerformance = 30;
        public const int RecvGetQueue = 31;
        public const int RecvGetNoConnections = 34;
        public const int FindWaitForSources = 42;
        public const int FindGetCurrentSources = 43;
        public const int RecvFreeVideoV2 = 47;
        public const int SendSendVideoV2 = 50;
        public const int SendSendVideoAsyncV2 = 51;
        public const int RecvCreateV3 = 84;
        public const int RecvConnect = 85;
        public const int SendGetSourceName = 95;
        public const int SendSendAudioV3 = 96;
        public const int RecvCaptureV3 = 101;
        public const int RecvFreeAudioV3 = 102;

        /// <summary>Slots in an NDI 5 table; every slot above is below it.</summary>
        public const int CountV5 = 107;
    }

    public readonly delegate* unmanaged[Cdecl]<byte> Initialize;
    public readonly delegate* unmanaged[Cdecl]<void> Destroy;
    public readonly delegate* unmanaged[Cdecl]<byte*> Version;
    public readonly delegate* unmanaged[Cdecl]<byte> IsSupportedCpu;

    public readonly delegate* unmanaged[Cdecl]<NdiFindCreate*, nint> FindCreateV2;
    public readonly delegate* unmanaged[Cdecl]<nint, void> FindDestroy;
    public readonly delegate* unmanaged[Cdecl]<nint, uint, byte> FindWaitForSources;
    public readonly delegate* unmanaged[Cdecl]<nint, uint*, NdiSourceNative*> FindGetCurrentSources;

    public readonly delegate* unmanaged[Cdecl]<NdiSendCreate*, nint> SendCreate;
    public readonly delegate* unmanaged[Cdecl]<nint, void> SendDestroy;
    public readonly delegate* unmanaged[Cdecl]<nint, NdiMetadataFrame*, void> SendSendMetadata;
    public readonly delegate* unmanaged[Cdecl]<nint, NdiMetadataFrame*, uint, NdiFrameType> SendCapture;
    public readonly delegate* unmanaged[Cdecl]<nint, NdiMetadataFrame*, void> SendFreeMetadata;
    public readonly delegate* unmanaged[Cdecl]<nint, NdiTallyNative*, uint, byte> SendGetTally;
    public readonly delegate* unmanaged[Cdecl]<nint, uint, int> SendGetNoConnections;
    public readonly delegate* unmanaged[Cdecl]<nint, void> SendClearConnectionMetadata;
    public readonly delegate* unmanaged[Cdecl]<nint, NdiMetadataFrame*, void> SendAddConnectionMetadata;
    public readonly delegate* unmanaged[Cdecl]<nint, NdiVideoFrameV2*, void> SendSendVideoV2;
    public readonly delegate* unmanaged[Cdecl]<nint, NdiVideoFrameV2*, void> SendSendVideoAsyncV2;
    public readonly delegate* unmanaged[Cdecl]<nint, NdiSourceNative*> SendGetSourceName;
    public readonly delegate* unmanaged[Cdecl]<nint, NdiAudioFrameV3*, void> SendSendAudioV3;

    public readonly delegate* unmanaged[Cdecl]<NdiRecvCreateV3*, nint> RecvCreateV3;
    public readonly delegate* unmanaged[Cdecl]<nint, void> RecvDestroy;
    public readonly delegate* unmanaged[Cdecl]<nint, NdiSourceNative*, void> RecvConnect;
    public readonly delegate* unmanaged[Cdecl]<nint, NdiVideoFrameV2*, NdiAudioFrameV3*, NdiMetadataFrame*, uint, NdiFrameType> RecvCaptureV3;
    public readonly delegate* unmanaged[Cdecl]<nint, NdiVideoFrameV2*, void> RecvFreeVideoV2;
    public readonly delegate* unmanaged[Cdecl]<nint, NdiAudioFrameV3*, void> RecvFreeAudioV3;
    public readonly delegate* unmanaged[Cdecl]<nint, NdiMetadataFrame*, void> RecvFreeMetadata;
    public readonly delegate* unmanaged[Cdecl]<nint, NdiMetadataFrame*, byte> RecvSendMetadata;
    public readonly delegate* unmanaged[Cdecl]<nint, NdiTallyNative*, byte> RecvSetTally;
    public readonly delegate* unmanaged[Cdecl]<nint, NdiRecvPerformance*, NdiRecvPerformance*, void> RecvGetPerformance;
    public readonly delegate* unmanaged[Cdecl]<nint, NdiRecvQueue*, void> RecvGetQueue;
    public readonly delegate* unmanaged[Cdecl]<nint, int> RecvGetNoConnections;

    /// <summary>Reads the slots from <paramref name="table"/>, the pointer the library's load entry returned.</summary>
    public NdiFunctionTable(nint table)
    {
        var slots = (nint*)table;
        Initialize = (delegate* unmanaged[Cdecl]<byte>)slots[Slot.Initialize];
        Destroy = (delegate* unmanaged[Cdecl]<void>)slots[Slot.Destroy];
        Version = (delegate* unmanaged[Cdecl]<byte*>)slots[Slot.Version];
        IsSupportedCpu = (delegate* unmanaged[Cdecl]<byte>)slots[Slot.IsSupportedCpu];

        FindCreateV2 = (delegate* unmanaged[Cdecl]<NdiFindCreate*, nint>)slots[Slot.FindCreateV2];
        FindDestroy = (delegate* unmanaged[Cdecl]<nint, void>)slots[Slot.FindDestroy];
        FindWaitForSources = (delegate* unmanaged[Cdecl]<nint, uint, byte>)slots[Slot.FindWaitForSources];
        FindGetCurrentSources = (delegate* unmanaged[Cdecl]<nint, uint*, NdiSourceNative*>)slots[Slot.FindGetCurrentSources];

        SendCreate = (delegate* unmanaged[Cdecl]<NdiSendCreate*, nint>)slots[Slot.SendCreate];
        SendDestroy = (delegate* unmanaged[Cdecl]<nint, void>)slots[Slot.SendDestroy];
        SendSendMetadata = (delegate* unmanaged[Cdecl]<nint, NdiMetadataFrame*, void>)slots[Slot.SendSendMetadata];
        SendCapture = (delegate* unmanaged[Cdecl]<nint, NdiMetadataFrame*, uint, NdiFrameType>)slots[Slot.SendCapture];
        SendFreeMetadata = (delegate* unmanaged[Cdecl]<nint, NdiMetadataFrame*, void>)slots[Slot.SendFreeMetadata];
        SendGetTally = (delegate* unmanaged[Cdecl]<nint, NdiTallyNative*, uint, byte>)slots[Slot.SendGetTally];
        SendGetNoConnections = (delegate* unmanaged[Cdecl]<nint, uint, int>)slots[Slot.SendGetNoConnections];
        SendClearConnectionMetadata = (delegate* unmanaged[Cdecl]<nint, void>)slots[Slot.SendClearConnectionMetadata];
        SendAddConnectionMetadata = (delegate* unmanaged[Cdecl]<nint, NdiMetadataFrame*, void>)slots[Slot.SendAddConnectionMetadata];
        SendSendVideoV2 = (delegate* unmanaged[Cdecl]<nint, NdiVideoFrameV2*, void>)slots[Slot.SendSendVideoV2];
        SendSendVideoAsyncV2 = (delegate* unmanaged[Cdecl]<nint, NdiVideoFrameV2*, void>)slots[Slot.SendSendVideoAsyncV2];
        SendGetSourceName = (delegate* unmanaged[Cdecl]<nint, NdiSourceNative*>)slots[Slot.SendGetSourceName];
        SendSendAudioV3 = (delegate* unmanaged[Cdecl]<nint, NdiAudioFrameV3*, void>)slots[Slot.SendSendAudioV3];

        RecvCreateV3 = (delegate* unmanaged[Cdecl]<NdiRecvCreateV3*, nint>)slots[Slot.RecvCreateV3];
        RecvDestroy = (delegate* unmanaged[Cdecl]<nint, void>)slots[Slot.RecvDestroy];
        RecvConnect = (delegate* unmanaged[Cdecl]<nint, NdiSourceNative*, void>)slots[Slot.RecvConnect];
        RecvCaptureV3 = (delegate* unmanaged[Cdecl]<nint, NdiVideoFrameV2*, NdiAudioFrameV3*, NdiMetadataFrame*, uint, NdiFrameType>)slots[Slot.RecvCaptureV3];
        RecvFreeVideoV2 = (delegate* unmanaged[Cdecl]<nint, NdiVideoFrameV2*, void>)slots[Slot.RecvFreeVideoV2];
        RecvFreeAudioV3 = (delegate* unmanaged[Cdecl]<nint, NdiAudioFrameV3*, void>)slots[Slot.RecvFreeAudioV3];
        RecvFreeMetadata = (delegate* unmanaged[Cdecl]<nint, NdiMetadataFrame*, void>)slots[Slot.RecvFreeMetadata];
        RecvSendMetadata = (delegate* unmanaged[Cdecl]<nint, NdiMetadataFrame*, byte>)slots[Slot.RecvSendMetadata];
        RecvSetTally = (delegate* unmanaged[Cdecl]<nint, NdiTallyNative*, byte>)slots[Slot.RecvSetTally];
        RecvGetPerformance = (delegate* unmanaged[Cdecl]<nint, NdiRecvPerformance*, NdiRecvPerformance*, void>)slots[Slot.RecvGetPerformance];
        RecvGetQueue = (delegate* unmanaged[Cdecl]<nint, NdiRecvQueue*, void>)slots[Slot.RecvGetQueue];
        RecvGetNoConnections = (delegate* unmanaged[Cdecl]<nint, int>)slots[Slot.RecvGetNoConnections];
    }

    /// <summary>True when every slot this service calls holds a function (a truncated or foreign table does not).</summary>
    public bool IsComplete(out string missing)
    {
        var checks = new (string Name, nint Pointer)[]
        {
            ("initialize", (nint)Initialize), ("version", (nint)Version), ("find_create_v2", (nint)FindCreateV2),
            ("find_get_current_sources", (nint)FindGetCurrentSources), ("send_create", (nint)SendCreate),
            ("send_send_video_async_v2", (nint)SendSendVideoAsyncV2), ("send_get_source_name", (nint)SendGetSourceName),
            ("send_send_audio_v3", (nint)SendSendAudioV3), ("recv_create_v3", (nint)RecvCreateV3),
            ("recv_capture_v3", (nint)RecvCaptureV3), ("recv_free_video_v2", (nint)RecvFreeVideoV2),
            ("recv_free_audio_v3", (nint)RecvFreeAudioV3),
        };
        foreach (var (name, pointer) in checks)
        {
            if (pointer == 0)
            {
                missing = name;
                return false;
            }
        }

        missing = "";
        return true;
    }

    /// <summary>Decodes a NUL-terminated UTF-8 string the library owns; empty for NULL.</summary>
    public static string Utf8(byte* text) => text is null ? "" : Marshal.PtrToStringUTF8((nint)text) ?? "";
}
