using StreamDiffusion.Ndi.Interop;

namespace StreamDiffusion.Ndi;

/// <summary>
/// Publishes one NDI source. Video goes out asynchronously from two native buffers used in turn: the caller fills
/// the buffer <see cref="GetVideoBuffer"/> returns, then <see cref="SendVideoAsync"/> hands it to the runtime, which
/// reads it (and its metadata) until the next send on this sender. Only then is that buffer handed out again, so the
/// runtime's ownership rule holds by construction. Sends come from one thread at a time.
/// </summary>
public sealed unsafe class NdiSender : IDisposable
{
    private readonly NdiSendHandle _handle;
    private readonly NativeUtf8 _name;
    private readonly NativeUtf8 _groups;
    private readonly NdiSendBuffer[] _buffers = [new(), new()];
    private readonly NdiSendBuffer _syncMetadata = new();
    private int _next;
    private NdiVideoFormat? _acquired;
    private bool _asyncPending;
    private long _videoFrames;
    private long _audioFrames;
    private bool _disposed;

    /// <summary>Creates and publishes the sender; throws <see cref="InvalidOperationException"/> with the fix when refused.</summary>
    public NdiSender(NdiRuntime runtime, NdiSenderOptions options)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.Name) || options.Name.Any(char.IsControl))
        {
            throw new ArgumentException(
                $"NDI source name '{options.Name}' is not valid: give a non-empty name without control characters (e.g. \"Filtered 1\").",
                nameof(options));
        }

        _name = NativeUtf8.From(options.Name);
        _groups = NativeUtf8.FromList(options.Groups);
        var settings = new NdiSendCreate
        {
            NdiName = _name.Pointer,
            Groups = _groups.Pointer,
            ClockVideo = options.ClockVideo ? (byte)1 : (byte)0,
            ClockAudio = options.ClockAudio ? (byte)1 : (byte)0,
        };
        var handle = NdiSendHandle.Create(runtime.Functions, settings);
        if (handle is null)
        {
            _name.Dispose();
            _groups.Dispose();
            throw new InvalidOperationException(
                $"The NDI runtime refused to create the sender '{options.Name}': a sender with that name is probably already " +
                "running on this machine (names are unique per machine). Choose another name or stop the other sender.");
        }

        _handle = handle;
        var published = _handle.GetSourceName();
        PublishedName = published is null ? options.Name : NdiFunctionTable.Utf8(published->NdiName);
        Url = published is null ? "" : NdiFunctionTable.Utf8(published->UrlAddress);
    }

    /// <summary>The full name as the runtime published it, e.g. <c>STUDIO-PC (Filtered 1)</c>.</summary>
    public string PublishedName { get; }

    /// <summary>The address the runtime reported for this sender, if any.</summary>
    public string Url { get; }

    /// <summary>Video frames sent so far.</summary>
    public long VideoFramesSent => Interlocked.Read(ref _videoFrames);

    /// <summary>Audio frames sent so far.</summary>
    public long AudioFramesSent => Interlocked.Read(ref _audioFrames);

    /// <summary>
    /// The buffer to fill for the next <see cref="SendVideoAsync"/>, sized for <paramref name="format"/>. It is not the
    /// one the runtime may still be reading.
    /// </summary>
    public Span<byte> GetVideoBuffer(in NdiVideoFormat format)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        format.Validate();
        var buffer = _buffers[_next];
        buffer.EnsurePixels(format.BufferSize);
        _acquired = format;
        return new Span<byte>(buffer.Pixels, checked((int)format.BufferSize));
    }

    /// <summary>
    /// Sends the buffer from <see cref="GetVideoBuffer"/> without waiting; <paramref name="timecode"/> in 100 ns
    /// (<see cref="NdiTimecode.Synthesize"/> for the runtime's), <paramref name="metadata"/> UTF-8 XML or empty.
    /// </summary>
    public void SendVideoAsync(long timecode, ReadOnlySpan<byte> metadata)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_acquired is not { } format)
        {
            throw new InvalidOperationException("NdiSender.SendVideoAsync needs a frame: call GetVideoBuffer, fill it, then send it (once).");
        }

        var buffer = _buffers[_next];
        var frame = ToNative(format, buffer.Pixels, timecode, buffer.SetMetadata(metadata));
        _handle.SendVideoAsync(&frame);

        // This call ended the runtime's hold on the other buffer; it becomes the next one to fill.
        _asyncPending = true;
        _acquired = null;
        _next ^= 1;
        Interlocked.Increment(ref _videoFrames);
    }

    /// <summary>Sends <paramref name="pixels"/> synchronously; the caller's memory is free again when this returns.</summary>
    public void SendVideo(ReadOnlySpan<byte> pixels, in NdiVideoFormat format, long timecode, ReadOnlySpan<byte> metadata)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        format.Validate();
        if (pixels.Length < format.BufferSize)
        {
            throw new ArgumentException(
                $"The frame holds {pixels.Length} bytes, but {format.Width}×{format.Height} {format.FourCC} with stride {format.EffectiveStride} needs {format.BufferSize}.",
                nameof(pixels));
        }

        fixed (byte* data = pixels)
        {
            var frame = ToNative(format, data, timecode, _syncMetadata.SetMetadata(metadata));
            _handle.SendVideo(&frame);
        }

        // A synchronous send also ends the hold on any async buffer.
        _asyncPending = false;
        Interlocked.Increment(ref _videoFrames);
    }

    /// <summary>Waits until the runtime has let go of the last async frame (an async send of NULL).</summary>
    public void Flush()
    {
        if (_asyncPending && !_disposed)
        {
            _handle.SendVideoAsync(null);
            _asyncPending = false;
        }
    }

    /// <summary>Sends planar float audio (<paramref name="channels"/> planes one after another) synchronously.</summary>
    public void SendAudio(ReadOnlySpan<float> planar, int sampleRate, int channels, long timecode)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (sampleRate is < 8000 or > 192000 || channels is < 1 or > 64 || planar.Length % channels != 0)
        {
            throw new ArgumentException(
                $"NDI audio of {planar.Length} samples, {channels} channels at {sampleRate} Hz is not valid: the rate must be 8000–192000 Hz, " +
                "1–64 channels, and the sample count a multiple of the channel count.", nameof(planar));
        }

        var samples = planar.Length / channels;
        fixed (float* data = planar)
        {
            var frame = new NdiAudioFrameV3
            {
                SampleRate = sampleRate,
                NoChannels = channels,
                NoSamples = samples,
                Timecode = timecode,
                FourCC = NdiFourCC.FLTP,
                Data = (byte*)data,
                ChannelStrideInBytes = samples * sizeof(float),
            };
            _handle.SendAudio(&frame);
        }

        Interlocked.Increment(ref _audioFrames);
    }

    /// <summary>Sends one metadata message (UTF-8 XML) to every connected receiver.</summary>
    public void SendMetadata(ReadOnlySpan<byte> xml, long timecode = NdiTimecode.Synthesize)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var frame = new NdiMetadataFrame { Timecode = timecode, Data = _syncMetadata.SetMetadata(xml) };
        _handle.SendMetadata(&frame);
    }

    /// <summary>Adds metadata (UTF-8 XML) the runtime replays to every new receiver, e.g. <c>&lt;ndi_product …/&gt;</c>.</summary>
    public void AddConnectionMetadata(ReadOnlySpan<byte> xml)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var frame = new NdiMetadataFrame { Timecode = NdiTimecode.Synthesize, Data = _syncMetadata.SetMetadata(xml) };
        _handle.AddConnectionMetadata(&frame);
    }

    /// <summary>Receivers connected now; waits up to <paramref name="wait"/> for the first one.</summary>
    public int GetConnectionCount(TimeSpan wait)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _handle.GetConnectionCount(NdiFinder.ToMilliseconds(wait));
    }

    /// <summary>The combined tally of all receivers; true when it changed since the last call (waits up to <paramref name="wait"/>).</summary>
    public bool TryGetTally(TimeSpan wait, out NdiTally tally)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        NdiTallyNative native = default;
        var changed = _handle.GetTally(&native, NdiFinder.ToMilliseconds(wait));
        tally = new NdiTally(native.OnProgram != 0, native.OnPreview != 0);
        return changed;
    }

    /// <summary>Type tag, native address and published name.</summary>
    public override string ToString() => $"{_handle} '{PublishedName}'";

    /// <summary>Flushes the pending async frame, destroys the sender, then frees the buffers.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        Flush();
        _disposed = true;
        _handle.Dispose();
        foreach (var buffer in _buffers)
        {
            buffer.Dispose();
        }

        _syncMetadata.Dispose();
        _name.Dispose();
        _groups.Dispose();
    }

    private static NdiVideoFrameV2 ToNative(in NdiVideoFormat format, byte* data, long timecode, byte* metadata) => new()
    {
        XRes = format.Width,
        YRes = format.Height,
        FourCC = format.FourCC,
        FrameRateN = format.RateN,
        FrameRateD = format.RateD,
        PictureAspectRatio = format.AspectRatio,
        FrameFormatType = format.FrameFormat,
        Timecode = timecode,
        Data = data,
        LineStrideInBytes = format.EffectiveStride,
        Metadata = metadata,
    };
}
