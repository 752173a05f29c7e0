namespace StreamDiffusion.Ndi;

/// <summary>Receives what an <see cref="NdiReceiver"/> captures, on its capture thread.</summary>
/// <remarks>
/// Calls come one at a time from the receiver's capture thread; keep them short (copy or convert, then return), since
/// the next frame waits. An exception is caught, counted in <see cref="NdiReceiverStatistics.SinkFaults"/> and the
/// receiver carries on.
/// </remarks>
public interface INdiVideoSink
{
    /// <summary>A video frame; the view is valid only during this call.</summary>
    void OnVideoFrame(in NdiVideoFrame frame);

    /// <summary>A metadata message sent on its own (not attached to a frame); UTF-8 XML, valid only during this call.</summary>
    void OnMetadata(ReadOnlySpan<byte> metadata, long timecode)
    {
    }

    /// <summary>An audio frame, only when <see cref="NdiReceiverOptions.CaptureAudio"/> is set; valid only during this call.</summary>
    void OnAudio(in NdiAudioFrame frame)
    {
    }
}
