using System.Diagnostics;
using System.Runtime.InteropServices;
using StreamDiffusion.Ndi.Interop;

namespace StreamDiffusion.Ndi;

/// <summary>
/// Receives one NDI source in push mode on a dedicated capture thread and hands each video frame, in place, to an
/// <see cref="INdiVideoSink"/>. Frames are always freed on this receiver's own handle right after the sink returns;
/// the steady-state loop allocates nothing.
/// </summary>
/// <remarks>
/// The source is found with the receiver's own finder (by exact name or pattern) and connected by name and address.
/// The runtime reconnects by itself when a source comes back; when no video or audio has arrived for
/// <see cref="NdiReceiverOptions.ReconnectAfter"/>, the receiver also looks the source up again and reconnects if its
/// address changed (a restarted sender may get a new port).
/// </remarks>
public sealed unsafe class NdiReceiver : IDisposable
{
    private const uint CaptureTimeoutMs = 100;

    private readonly NdiReceiverOptions _options;
    private readonly INdiVideoSink _sink;
    private readonly NdiRecvHandle _handle;
    private readonly NdiFinder _finder;
    private readonly NativeUtf8 _receiverName;
    private readonly Thread _thread;
    private volatile bool _stopping;
    private volatile bool _releaseOnExit;
    private volatile NdiSource? _source;
    private NativeUtf8? _sourceName;
    private NativeUtf8? _sourceUrl;
    private long _videoFrames;
    private long _metadataFrames;
    private long _audioFrames;
    private long _connectionLosses;
    private long _connects;
    private long _sinkFaults;
    private Exception? _lastSinkFault;

    /// <summary>Creates the receiver and starts its capture thread; throws when the runtime refuses to create it.</summary>
    public NdiReceiver(NdiRuntime runtime, NdiReceiverOptions options, INdiVideoSink sink)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sink);
        if (!Enum.IsDefined(options.ColorFormat))
        {
            throw new ArgumentException(
                $"NDI colour format {(int)options.ColorFormat} is not one the runtime knows; use one of {string.Join(", ", Enum.GetNames<NdiColorFormat>())}.",
                nameof(options));
        }

        if (options.KnownSource is { } known && !options.Source.Matches(known.Name))
        {
            throw new ArgumentException(
                $"The known source '{known.Name}' is not selected by {options.Source}; pass a source the selector matches, or none.", nameof(options));
        }

        _options = options;
        _sink = sink;
        _receiverName = NativeUtf8.From(options.ReceiverName);
        var settings = new NdiRecvCreateV3
        {
            ColorFormat = options.ColorFormat,
            Bandwidth = options.Bandwidth,
            AllowVideoFields = options.AllowVideoFields ? (byte)1 : (byte)0,
            NdiRecvName = _receiverName.Pointer,
        };
        _finder = new NdiFinder(runtime, options.Finder);
        var handle = NdiRecvHandle.Create(runtime.Functions, settings);
        if (handle is null)
        {
            _finder.Dispose();
            _receiverName.Dispose();
            throw new InvalidOperationException($"The NDI runtime refused to create a receiver for {options.Source}.");
        }

        _handle = handle;
        _thread = new Thread(CaptureLoop) { IsBackground = true, Name = "ndi-capture " + options.Source.Text };
        _thread.Start();
    }

    /// <summary>What this receiver looks for.</summary>
    public NdiSourceSelector Selector => _options.Source;

    /// <summary>The last exception the sink threw, for status reports; null when none.</summary>
    public Exception? LastSinkFault => Volatile.Read(ref _lastSinkFault);

    /// <summary>True while the capture thread runs (until <see cref="Dispose"/> has stopped it).</summary>
    public bool IsCapturing => _thread.IsAlive;

    /// <summary>The counters now (the dropped and queue numbers are read from the runtime).</summary>
    public NdiReceiverStatistics GetStatistics()
    {
        ObjectDisposedException.ThrowIf(_stopping, this);
        NdiRecvPerformance total, dropped;
        NdiRecvQueue queue;
        _handle.GetPerformance(&total, &dropped);
        _handle.GetQueue(&queue);
        return new NdiReceiverStatistics(
            Interlocked.Read(ref _videoFrames), Interlocked.Read(ref _audioFrames), Interlocked.Read(ref _metadataFrames), dropped.VideoFrames, queue.VideoFrames,
            Interlocked.Read(ref _connectionLosses), Interlocked.Read(ref _connects), Interlocked.Read(ref _sinkFaults),
            _handle.GetConnectionCount() > 0, _source);
    }

    /// <summary>Sends tally to the source (remembered by the runtime and re-sent after a reconnect).</summary>
    public void SetTally(bool onProgram, bool onPreview)
    {
        ObjectDisposedException.ThrowIf(_stopping, this);
        var tally = new NdiTallyNative { OnProgram = onProgram ? (byte)1 : (byte)0, OnPreview = onPreview ? (byte)1 : (byte)0 };
        _handle.SetTally(&tally);
    }

    /// <summary>Type tag, native address and source.</summary>
    public override string ToString() => $"{_handle} {_options.Source}";

    /// <summary>Stops the capture thread, then destroys the receiver (after the last frame was freed on it).</summary>
    /// <remarks>Called from the sink (the capture thread itself), it only asks the loop to stop; the loop releases on exit.</remarks>
    public void Dispose()
    {
        if (_stopping)
        {
            return;
        }

        _stopping = true;
        if (Thread.CurrentThread == _thread)
        {
            _releaseOnExit = true;
            return;
        }

        _thread.Join();
        ReleaseNative();
    }

    private void ReleaseNative()
    {
        _handle.Dispose();
        _finder.Dispose();
        _receiverName.Dispose();
        _sourceName?.Dispose();
        _sourceUrl?.Dispose();
    }

    private void CaptureLoop()
    {
        var sinceFrame = Stopwatch.StartNew();
        var sinceLookup = new Stopwatch();
        var sinceRenew = Stopwatch.StartNew();
        NdiVideoFrameV2 video;
        NdiMetadataFrame metadata;
        NdiAudioFrameV3 audio;
        var audioWanted = _options.CaptureAudio;
        if (_options.KnownSource is { } known && _options.Source.Matches(known.Name))
        {
            Connect(known);
        }

        while (!_stopping)
        {
            if (_source is null || (sinceFrame.Elapsed > _options.ReconnectAfter && (!sinceLookup.IsRunning || sinceLookup.Elapsed > _options.ReconnectAfter)))
            {
                // Only when idle: the lookup allocates (source names), which the frame path never does.
                sinceLookup.Restart();
                if (LookUpAndConnect(sinceRenew))
                {
                    sinceFrame.Restart();
                }

                if (_source is null)
                {
                    _finder.WaitForSources(TimeSpan.FromMilliseconds(CaptureTimeoutMs));
                    continue;
                }
            }

            video = default;
            metadata = default;
            audio = default;
            switch (_handle.Capture(&video, audioWanted ? &audio : null, &metadata, CaptureTimeoutMs))
            {
                case NdiFrameType.Video:
                    sinceFrame.Restart();
                    DeliverVideo(&video);
                    break;
                case NdiFrameType.Audio:
                    sinceFrame.Restart();
                    DeliverAudio(&audio);
                    break;
                case NdiFrameType.Metadata:
                    DeliverMetadata(&metadata);
                    break;
                case NdiFrameType.Error:
                    Interlocked.Increment(ref _connectionLosses);
                    break;
                default:
                    break;
            }
        }

        if (_releaseOnExit)
        {
            ReleaseNative();
        }
    }

    private void DeliverVideo(NdiVideoFrameV2* video)
    {
        try
        {
            var sequence = Interlocked.Increment(ref _videoFrames);
            var stride = video->LineStrideInBytes != 0 ? video->LineStrideInBytes : NdiVideoLayout.DefaultStride(video->FourCC, video->XRes);
            // For formats we do not know the stride field is data_size_in_bytes (a union in the header), so it is the size.
            var size = video->Data is null ? 0
                : NdiVideoLayout.IsSupported(video->FourCC) ? NdiVideoLayout.BufferSize(video->FourCC, video->XRes, video->YRes, stride)
                : Math.Max(0, video->LineStrideInBytes);
            var metadata = video->Metadata is null ? default : MemoryMarshal.CreateReadOnlySpanFromNullTerminated(video->Metadata);
            var frame = new NdiVideoFrame(
                sequence, video->XRes, video->YRes, video->FourCC, video->FrameRateN, video->FrameRateD, video->PictureAspectRatio,
                video->FrameFormatType, video->Timecode, video->Timestamp, stride, new ReadOnlySpan<byte>(video->Data, (int)size), metadata);
            _sink.OnVideoFrame(in frame);
        }
#pragma warning disable CA1031 // A sink's fault is contained to the frame that raised it; the receiver keeps running.
        catch (Exception e)
#pragma warning restore CA1031
        {
            RecordSinkFault(e);
        }
        finally
        {
            _handle.FreeVideo(video);
        }
    }

    // A sink's fault is counted and kept for status; the frame is still freed and the capture loop goes on.
    private void RecordSinkFault(Exception e)
    {
        Interlocked.Increment(ref _sinkFaults);
        Volatile.Write(ref _lastSinkFault, e);
    }

    private void DeliverAudio(NdiAudioFrameV3* audio)
    {
        try
        {
            Interlocked.Increment(ref _audioFrames);
            var size = audio->Data is null ? 0 : (long)audio->ChannelStrideInBytes * audio->NoChannels;
            var frame = new NdiAudioFrame(
                audio->SampleRate, audio->NoChannels, audio->NoSamples, audio->ChannelStrideInBytes, audio->Timecode, audio->Timestamp,
                new ReadOnlySpan<byte>(audio->Data, (int)size));
            _sink.OnAudio(in frame);
        }
#pragma warning disable CA1031 // Same containment as for video.
        catch (Exception e)
#pragma warning restore CA1031
        {
            RecordSinkFault(e);
        }
        finally
        {
            _handle.FreeAudio(audio);
        }
    }

    private void DeliverMetadata(NdiMetadataFrame* metadata)
    {
        try
        {
            Interlocked.Increment(ref _metadataFrames);
            var text = metadata->Data is null ? default : MemoryMarshal.CreateReadOnlySpanFromNullTerminated(metadata->Data);
            _sink.OnMetadata(text, metadata->Timecode);
        }
#pragma warning disable CA1031 // Same containment as for video.
        catch (Exception e)
#pragma warning restore CA1031
        {
            RecordSinkFault(e);
        }
        finally
        {
            _handle.FreeMetadata(metadata);
        }
    }

    // Finds the selected source and connects when it is new or its address changed; true when it (re)connected.
    // While the source is missing the finder is renewed now and then (see NdiFinder: one query reaches one process).
    private bool LookUpAndConnect(Stopwatch sinceRenew)
    {
        var found = _options.Source.FirstMatch(_finder.GetCurrentSources());
        if (found is null && sinceRenew.Elapsed >= NdiFinder.RenewInterval)
        {
            _finder.Renew();
            sinceRenew.Restart();
        }

        if (found is null || found == _source)
        {
            return false;
        }

        Connect(found);
        return true;
    }

    private void Connect(NdiSource found)
    {
        var name = NativeUtf8.From(found.Name);
        var url = NativeUtf8.From(found.Url.Length == 0 ? null : found.Url);
        var native = new NdiSourceNative { NdiName = name.Pointer, UrlAddress = url.Pointer };
        _handle.Connect(&native);

        // The runtime copies the source when connecting; the previous copies can go.
        _sourceName?.Dispose();
        _sourceUrl?.Dispose();
        _sourceName = name;
        _sourceUrl = url;
        _source = found;
        Interlocked.Increment(ref _connects);
    }
}
