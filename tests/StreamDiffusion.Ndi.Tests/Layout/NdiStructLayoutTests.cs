using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using StreamDiffusion.Ndi.Interop;

namespace StreamDiffusion.Ndi.Tests.Layout;

/// <summary>
/// Every struct, table slot and enum value the interop declares, compared with what gcc computes from the NDI headers
/// (Layout/ndi_layout.c, compiled during the test run).
/// </summary>
public sealed class NdiStructLayoutTests(NdiHeaderLayout c) : IClassFixture<NdiHeaderLayout>
{
    public static TheoryData<string, Type, string[]> Structs => new()
    {
        { "NDIlib_source_t", typeof(NdiSourceNative), ["p_ndi_name=NdiName", "p_url_address=UrlAddress"] },
        { "NDIlib_find_create_t", typeof(NdiFindCreate), ["show_local_sources=ShowLocalSources", "p_groups=Groups", "p_extra_ips=ExtraIps"] },
        { "NDIlib_send_create_t", typeof(NdiSendCreate), ["p_ndi_name=NdiName", "p_groups=Groups", "clock_video=ClockVideo", "clock_audio=ClockAudio"] },
        {
            "NDIlib_recv_create_v3_t", typeof(NdiRecvCreateV3),
            ["source_to_connect_to=SourceToConnectTo", "color_format=ColorFormat", "bandwidth=Bandwidth", "allow_video_fields=AllowVideoFields", "p_ndi_recv_name=NdiRecvName"]
        },
        {
            "NDIlib_video_frame_v2_t", typeof(NdiVideoFrameV2),
            [
                "xres=XRes", "yres=YRes", "FourCC=FourCC", "frame_rate_N=FrameRateN", "frame_rate_D=FrameRateD",
                "picture_aspect_ratio=PictureAspectRatio", "frame_format_type=FrameFormatType", "timecode=Timecode", "p_data=Data",
                "line_stride_in_bytes=LineStrideInBytes", "p_metadata=Metadata", "timestamp=Timestamp",
            ]
        },
        {
            "NDIlib_audio_frame_v3_t", typeof(NdiAudioFrameV3),
            [
                "sample_rate=SampleRate", "no_channels=NoChannels", "no_samples=NoSamples", "timecode=Timecode", "FourCC=FourCC",
                "p_data=Data", "channel_stride_in_bytes=ChannelStrideInBytes", "p_metadata=Metadata", "timestamp=Timestamp",
            ]
        },
        { "NDIlib_metadata_frame_t", typeof(NdiMetadataFrame), ["length=Length", "timecode=Timecode", "p_data=Data"] },
        { "NDIlib_tally_t", typeof(NdiTallyNative), ["on_program=OnProgram", "on_preview=OnPreview"] },
        { "NDIlib_recv_performance_t", typeof(NdiRecvPerformance), ["video_frames=VideoFrames", "audio_frames=AudioFrames", "metadata_frames=MetadataFrames"] },
        { "NDIlib_recv_queue_t", typeof(NdiRecvQueue), ["video_frames=VideoFrames", "audio_frames=AudioFrames", "metadata_frames=MetadataFrames"] },
    };

    [Theory]
    [MemberData(nameof(Structs))]
    public void Struct_matches_the_header(string cStruct, Type type, string[] fields)
    {
        // Blittable and sequential: the runtime passes it to native code as it is, no marshalling copy.
        Assert.True(type.IsValueType && type.IsLayoutSequential, $"{type.Name} must be a sequential struct.");
        Assert.False(IsReferenceOrContainsReferences(type), $"{type.Name} must not hold references.");
        Assert.Equal(c.Size(cStruct), SizeOf(type));

        // Every field of ours is named, in the header's order, at the header's offset.
        var ours = type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic);
        Assert.Equal(fields.Length, ours.Length);
        foreach (var mapping in fields)
        {
            var (cField, csField) = (mapping.Split('=')[0], mapping.Split('=')[1]);
            Assert.True(c.Offset(cStruct, cField) == Marshal.OffsetOf(type, csField).ToInt64(),
                $"{cStruct}.{cField} is at {c.Offset(cStruct, cField)} in C, {type.Name}.{csField} at {Marshal.OffsetOf(type, csField)}.");
        }
    }

    [Fact]
    public void Bools_are_one_byte_as_in_C()
    {
        Assert.Equal(1, c.Offset("NDIlib_tally_t", "on_preview"));
        Assert.Equal(17, c.Offset("NDIlib_send_create_t", "clock_audio"));
        Assert.Equal(typeof(byte), typeof(NdiSendCreate).GetField(nameof(NdiSendCreate.ClockAudio))!.FieldType);
    }

    public static TheoryData<string, int> Slots => new()
    {
        { "initialize", NdiFunctionTable.Slot.Initialize }, { "destroy", NdiFunctionTable.Slot.Destroy },
        { "version", NdiFunctionTable.Slot.Version }, { "is_supported_CPU", NdiFunctionTable.Slot.IsSupportedCpu },
        { "find_create_v2", NdiFunctionTable.Slot.FindCreateV2 }, { "find_destroy", NdiFunctionTable.Slot.FindDestroy },
        { "find_wait_for_sources", NdiFunctionTable.Slot.FindWaitForSources },
        { "find_get_current_sources", NdiFunctionTable.Slot.FindGetCurrentSources },
        { "send_create", NdiFunctionTable.Slot.SendCreate }, { "send_destroy", NdiFunctionTable.Slot.SendDestroy },
        { "send_send_metadata", NdiFunctionTable.Slot.SendSendMetadata }, { "send_capture", NdiFunctionTable.Slot.SendCapture },
        { "send_free_metadata", NdiFunctionTable.Slot.SendFreeMetadata }, { "send_get_tally", NdiFunctionTable.Slot.SendGetTally },
        { "send_get_no_connections", NdiFunctionTable.Slot.SendGetNoConnections },
        { "send_clear_connection_metadata", NdiFunctionTable.Slot.SendClearConnectionMetadata },
        { "send_add_connection_metadata", NdiFunctionTable.Slot.SendAddConnectionMetadata },
        { "send_send_video_v2", NdiFunctionTable.Slot.SendSendVideoV2 }, { "send_send_video_async_v2", NdiFunctionTable.Slot.SendSendVideoAsyncV2 },
        { "send_get_source_name", NdiFunctionTable.Slot.SendGetSourceName }, { "send_send_audio_v3", NdiFunctionTable.Slot.SendSendAudioV3 },
        { "recv_create_v3", NdiFunctionTable.Slot.RecvCreateV3 }, { "recv_destroy", NdiFunctionTable.Slot.RecvDestroy },
        { "recv_connect", NdiFunctionTable.Slot.RecvConnect }, { "recv_capture_v3", NdiFunctionTable.Slot.RecvCaptureV3 },
        { "recv_free_video_v2", NdiFunctionTable.Slot.RecvFreeVideoV2 }, { "recv_free_audio_v3", NdiFunctionTable.Slot.RecvFreeAudioV3 },
        { "recv_free_metadata", NdiFunctionTable.Slot.RecvFreeMetadata }, { "recv_send_metadata", NdiFunctionTable.Slot.RecvSendMetadata },
        { "recv_set_tally", NdiFunctionTable.Slot.RecvSetTally }, { "recv_get_performance", NdiFunctionTable.Slot.RecvGetPerformance },
        { "recv_get_queue", NdiFunctionTable.Slot.RecvGetQueue }, { "recv_get_no_connections", NdiFunctionTable.Slot.RecvGetNoConnections },
    };

    [Theory]
    [MemberData(nameof(Slots))]
    public void Table_slot_matches_the_header(string entry, int slot)
    {
        Assert.Equal(c.Slot(entry), slot);
        Assert.True(slot < NdiFunctionTable.Slot.CountV5, $"slot {slot} lies beyond an NDI 5 table");
    }

    [Fact]
    public void An_NDI_5_table_has_the_slot_count_we_rely_on()
    {
        Assert.Equal(NdiFunctionTable.Slot.CountV5, c.Size("NDIlib_v5_slots"));
    }

    public static TheoryData<string, long> Values => new()
    {
        { "NDIlib_frame_type_none", (long)NdiFrameType.None }, { "NDIlib_frame_type_video", (long)NdiFrameType.Video },
        { "NDIlib_frame_type_audio", (long)NdiFrameType.Audio }, { "NDIlib_frame_type_metadata", (long)NdiFrameType.Metadata },
        { "NDIlib_frame_type_error", (long)NdiFrameType.Error }, { "NDIlib_frame_type_status_change", (long)NdiFrameType.StatusChange },
        { "NDIlib_frame_format_type_progressive", (long)NdiFrameFormat.Progressive },
        { "NDIlib_frame_format_type_interleaved", (long)NdiFrameFormat.Interleaved },
        { "NDIlib_frame_format_type_field_0", (long)NdiFrameFormat.Field0 }, { "NDIlib_frame_format_type_field_1", (long)NdiFrameFormat.Field1 },
        { "NDIlib_recv_bandwidth_metadata_only", (long)NdiBandwidth.MetadataOnly }, { "NDIlib_recv_bandwidth_audio_only", (long)NdiBandwidth.AudioOnly },
        { "NDIlib_recv_bandwidth_lowest", (long)NdiBandwidth.Lowest }, { "NDIlib_recv_bandwidth_highest", (long)NdiBandwidth.Highest },
        { "NDIlib_recv_color_format_BGRX_BGRA", (long)NdiColorFormat.BgrxBgra }, { "NDIlib_recv_color_format_UYVY_BGRA", (long)NdiColorFormat.UyvyBgra },
        { "NDIlib_recv_color_format_RGBX_RGBA", (long)NdiColorFormat.RgbxRgba }, { "NDIlib_recv_color_format_UYVY_RGBA", (long)NdiColorFormat.UyvyRgba },
        { "NDIlib_recv_color_format_fastest", (long)NdiColorFormat.Fastest }, { "NDIlib_recv_color_format_best", (long)NdiColorFormat.Best },
        { "NDIlib_FourCC_video_type_UYVY", (long)NdiFourCC.UYVY }, { "NDIlib_FourCC_video_type_UYVA", (long)NdiFourCC.UYVA },
        { "NDIlib_FourCC_video_type_P216", (long)NdiFourCC.P216 }, { "NDIlib_FourCC_video_type_PA16", (long)NdiFourCC.PA16 },
        { "NDIlib_FourCC_video_type_YV12", (long)NdiFourCC.YV12 }, { "NDIlib_FourCC_video_type_I420", (long)NdiFourCC.I420 },
        { "NDIlib_FourCC_video_type_NV12", (long)NdiFourCC.NV12 }, { "NDIlib_FourCC_video_type_BGRA", (long)NdiFourCC.BGRA },
        { "NDIlib_FourCC_video_type_BGRX", (long)NdiFourCC.BGRX }, { "NDIlib_FourCC_video_type_RGBA", (long)NdiFourCC.RGBA },
        { "NDIlib_FourCC_video_type_RGBX", (long)NdiFourCC.RGBX }, { "NDIlib_FourCC_audio_type_FLTP", (long)NdiFourCC.FLTP },
        { "NDIlib_send_timecode_synthesize", NdiTimecode.Synthesize }, { "NDIlib_recv_timestamp_undefined", NdiTimecode.Undefined },
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void Enum_value_matches_the_header(string constant, long value)
    {
        Assert.Equal(c.Value(constant), value);
    }

    private static long SizeOf(Type type) =>
        (int)typeof(Unsafe).GetMethod(nameof(Unsafe.SizeOf))!.MakeGenericMethod(type).Invoke(null, null)!;

    private static bool IsReferenceOrContainsReferences(Type type) =>
        (bool)typeof(RuntimeHelpers).GetMethod(nameof(RuntimeHelpers.IsReferenceOrContainsReferences))!.MakeGenericMethod(type).Invoke(null, null)!;
}
