/* Prints the layout of every NDI struct, table slot and enum value the C# interop declares, as the C compiler sees
   them in the NDI headers. Compiled and run by NdiStructLayoutTests; one fact per line:
     size   <struct> <bytes>
     offset <struct> <field> <bytes>
     slot   <table entry> <index>
     value  <enum constant> <number>  */
#include <stddef.h>
#include <stdio.h>
#include "Processing.NDI.Lib.h"

#define SIZE(t) printf("size %s %zu\n", #t, sizeof(t))
#define OFFSET(t, f) printf("offset %s %s %zu\n", #t, #f, offsetof(t, f))
#define SLOT(f) printf("slot %s %zu\n", #f, offsetof(NDIlib_v5, f) / sizeof(void*))
#define VALUE(v) printf("value %s %lld\n", #v, (long long)(v))

int main(void)
{
    SIZE(NDIlib_source_t);
    OFFSET(NDIlib_source_t, p_ndi_name);
    OFFSET(NDIlib_source_t, p_url_address);

    SIZE(NDIlib_find_create_t);
    OFFSET(NDIlib_find_create_t, show_local_sources);
    OFFSET(NDIlib_find_create_t, p_groups);
    OFFSET(NDIlib_find_create_t, p_extra_ips);

    SIZE(NDIlib_send_create_t);
    OFFSET(NDIlib_send_create_t, p_ndi_name);
    OFFSET(NDIlib_send_create_t, p_groups);
    OFFSET(NDIlib_send_create_t, clock_video);
    OFFSET(NDIlib_send_create_t, clock_audio);

    SIZE(NDIlib_recv_create_v3_t);
    OFFSET(NDIlib_recv_create_v3_t, source_to_connect_to);
    OFFSET(NDIlib_recv_create_v3_t, color_format);
    OFFSET(NDIlib_recv_create_v3_t, bandwidth);
    OFFSET(NDIlib_recv_create_v3_t, allow_video_fields);
    OFFSET(NDIlib_recv_create_v3_t, p_ndi_recv_name);

    SIZE(NDIlib_video_frame_v2_t);
    OFFSET(NDIlib_video_frame_v2_t, xres);
    OFFSET(NDIlib_video_frame_v2_t, yres);
    OFFSET(NDIlib_video_frame_v2_t, FourCC);
    OFFSET(NDIlib_video_frame_v2_t, frame_rate_N);
    OFFSET(NDIlib_video_frame_v2_t, frame_rate_D);
    OFFSET(NDIlib_video_frame_v2_t, picture_aspect_ratio);
    OFFSET(NDIlib_video_frame_v2_t, frame_format_type);
    OFFSET(NDIlib_video_frame_v2_t, timecode);
    OFFSET(NDIlib_video_frame_v2_t, p_data);
    OFFSET(NDIlib_video_frame_v2_t, line_stride_in_bytes);
    OFFSET(NDIlib_video_frame_v2_t, p_metadata);
    OFFSET(NDIlib_video_frame_v2_t, timestamp);

    SIZE(NDIlib_audio_frame_v3_t);
    OFFSET(NDIlib_audio_frame_v3_t, sample_rate);
    OFFSET(NDIlib_audio_frame_v3_t, no_channels);
    OFFSET(NDIlib_audio_frame_v3_t, no_samples);
    OFFSET(NDIlib_audio_frame_v3_t, timecode);
    OFFSET(NDIlib_audio_frame_v3_t, FourCC);
    OFFSET(NDIlib_audio_frame_v3_t, p_data);
    OFFSET(NDIlib_audio_frame_v3_t, channel_stride_in_bytes);
    OFFSET(NDIlib_audio_frame_v3_t, p_metadata);
    OFFSET(NDIlib_audio_frame_v3_t, timestamp);

    SIZE(NDIlib_metadata_frame_t);
    OFFSET(NDIlib_metadata_frame_t, length);
    OFFSET(NDIlib_metadata_frame_t, timecode);
    OFFSET(NDIlib_metadata_frame_t, p_data);

    SIZE(NDIlib_tally_t);
    OFFSET(NDIlib_tally_t, on_program);
    OFFSET(NDIlib_tally_t, on_preview);

    SIZE(NDIlib_recv_performance_t);
    OFFSET(NDIlib_recv_performance_t, video_frames);
    OFFSET(NDIlib_recv_performance_t, audio_frames);
    OFFSET(NDIlib_recv_performance_t, metadata_frames);

    SIZE(NDIlib_recv_queue_t);
    OFFSET(NDIlib_recv_queue_t, video_frames);
    OFFSET(NDIlib_recv_queue_t, audio_frames);
    OFFSET(NDIlib_recv_queue_t, metadata_frames);

    printf("size NDIlib_v5_slots %zu\n", sizeof(NDIlib_v5) / sizeof(void*));
    SLOT(initialize);
    SLOT(destroy);
    SLOT(version);
    SLOT(is_supported_CPU);
    SLOT(find_create_v2);
    SLOT(find_destroy);
    SLOT(send_create);
    SLOT(send_destroy);
    SLOT(send_send_metadata);
    SLOT(send_capture);
    SLOT(send_free_metadata);
    SLOT(send_get_tally);
    SLOT(send_get_no_connections);
    SLOT(send_clear_connection_metadata);
    SLOT(send_add_connection_metadata);
    SLOT(recv_destroy);
    SLOT(recv_free_metadata);
    SLOT(recv_send_metadata);
    SLOT(recv_set_tally);
    SLOT(recv_get_performance);
    SLOT(recv_get_queue);
    SLOT(recv_get_no_connections);
    SLOT(find_wait_for_sources);
    SLOT(find_get_current_sources);
    SLOT(recv_free_video_v2);
    SLOT(send_send_video_v2);
    SLOT(send_send_video_async_v2);
    SLOT(recv_create_v3);
    SLOT(recv_connect);
    SLOT(send_get_source_name);
    SLOT(send_send_audio_v3);
    SLOT(recv_capture_v3);
    SLOT(recv_free_audio_v3);

    VALUE(NDIlib_frame_type_none);
    VALUE(NDIlib_frame_type_video);
    VALUE(NDIlib_frame_type_audio);
    VALUE(NDIlib_frame_type_metadata);
    VALUE(NDIlib_frame_type_error);
    VALUE(NDIlib_frame_type_status_change);
    VALUE(NDIlib_frame_format_type_progressive);
    VALUE(NDIlib_frame_format_type_interleaved);
    VALUE(NDIlib_frame_format_type_field_0);
    VALUE(NDIlib_frame_format_type_field_1);
    VALUE(NDIlib_recv_bandwidth_metadata_only);
    VALUE(NDIlib_recv_bandwidth_audio_only);
    VALUE(NDIlib_recv_bandwidth_lowest);
    VALUE(NDIlib_recv_bandwidth_highest);
    VALUE(NDIlib_recv_color_format_BGRX_BGRA);
    VALUE(NDIlib_recv_color_format_UYVY_BGRA);
    VALUE(NDIlib_recv_color_format_RGBX_RGBA);
    VALUE(NDIlib_recv_color_format_UYVY_RGBA);
    VALUE(NDIlib_recv_color_format_fastest);
    VALUE(NDIlib_recv_color_format_best);
    VALUE(NDIlib_FourCC_video_type_UYVY);
    VALUE(NDIlib_FourCC_video_type_UYVA);
    VALUE(NDIlib_FourCC_video_type_P216);
    VALUE(NDIlib_FourCC_video_type_PA16);
    VALUE(NDIlib_FourCC_video_type_YV12);
    VALUE(NDIlib_FourCC_video_type_I420);
    VALUE(NDIlib_FourCC_video_type_NV12);
    VALUE(NDIlib_FourCC_video_type_BGRA);
    VALUE(NDIlib_FourCC_video_type_BGRX);
    VALUE(NDIlib_FourCC_video_type_RGBA);
    VALUE(NDIlib_FourCC_video_type_RGBX);
    VALUE(NDIlib_FourCC_audio_type_FLTP);
    VALUE(NDIlib_send_timecode_synthesize);
    VALUE(NDIlib_recv_timestamp_undefined);
    return 0;
}
