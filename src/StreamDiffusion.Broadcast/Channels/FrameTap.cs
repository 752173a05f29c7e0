using System.Diagnostics;
using StreamDiffusion.Video.Conversion;
using StreamDiffusion.Video.Frames;

namespace StreamDiffusion.Broadcast.Channels;

/// <summary>
/// A still of one point of a channel's frame path (its input or its output), taken only when asked: while nobody asks,
/// <see cref="Offer"/> costs the frame path one volatile read; while a <see cref="CaptureAsync"/> is pending, the next
/// offered frame is copied into a buffer the tap owns and handed to the request. Requests on one tap run one at a
/// time, so the buffer is never written while a request holds it, and every conversion happens on the request's
/// thread, never on the frame path.
/// </summary>
/// <remarks>
/// The tap keeps its copy (and, for Y'CbCr frames, one BGRX picture and its converter) between requests, so steady
/// polling allocates nothing on the frame path; a new buffer is rented only when the offered frame's shape changes.
/// </remarks>
public sealed class FrameTap
{
    private readonly VideoFramePool _pool = new();
    private readonly SemaphoreSlim _oneRequest = new(1, 1);
    // The armed request; set by the requester, taken (exchanged to null) by the one offer that fills it.
    private TaskCompletionSource? _request;
    // Written only by the offering thread while a request is armed; read only by the request that holds _oneRequest.
    private VideoFrame? _copy;
    private FrameFormatConverter? _converter;
    private VideoFrame? _rgb;
    private long _copies;

    /// <summary>Frames copied so far (one per served request): for tests and diagnostics.</summary>
    public long Copies => Volatile.Read(ref _copies);

    /// <summary>
    /// Called on the frame path with every frame passing the tap; copies it only when a request is pending. Never
    /// throws and never keeps <paramref name="frame"/>: a failure to copy is handed to the waiting request.
    /// </summary>
    public void Offer(VideoFrame frame)
    {
        var request = Volatile.Read(ref _request);
        if (request is null || Interlocked.CompareExchange(ref _request, null, request) != request)
        {
            return;
        }

        try
        {
            ArgumentNullException.ThrowIfNull(frame);
            if (_copy is null || _copy.Format != frame.Format || _copy.Width != frame.Width || _copy.Height != frame.Height || _copy.StrideBytes != frame.StrideBytes)
            {
                _copy?.Dispose();
                _copy = _pool.Rent(frame.Format, frame.Width, frame.Height, frame.StrideBytes);
            }

            frame.Data.CopyTo(_copy.Data);
            _copy.Provenance = frame.Provenance;
            Interlocked.Increment(ref _copies);
            request.TrySetResult();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            request.TrySetException(e);
        }
    }

    /// <summary>
    /// Waits up to <paramref name="timeout"/> (queueing behind other requests on this tap included) for the next
    /// frame that passes the tap and returns a still of it, or null when none passed in time. Dispose the still
    /// promptly: the next request on this tap waits for it.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<FrameStill?> CaptureAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(timeout, TimeSpan.Zero);
        var started = Stopwatch.GetTimestamp();
        if (!await _oneRequest.WaitAsync(timeout, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var handedOver = false;
        try
        {
            var request = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref _request, request);
            var remaining = timeout - Stopwatch.GetElapsedTime(started);
            try
            {
                await request.Task.WaitAsync(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is TimeoutException or OperationCanceledException)
            {
                // Disarm; if an offer took the request meanwhile, it is copying now: wait for it to finish so that the
                // buffer is never written while the next request reads it.
                if (Interlocked.CompareExchange(ref _request, null, request) == request)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    return null;
                }

                await request.Task.ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
            }

            handedOver = true;
            return new FrameStill(this, _copy!);
        }
        finally
        {
            if (!handedOver)
            {
                _oneRequest.Release();
            }
        }
    }

    // The still as packed 8-bit RGB for an image encoder: the copy itself when it is BGRA/BGRX/RGBA/RGBX, else the
    // copy converted to BGRX by the video path's converters (built once per shape, kept for the next request).
    internal VideoFrame ToRgb(VideoFrame copy)
    {
        if (copy.Format is PixelFormat.Bgra or PixelFormat.Bgrx or PixelFormat.Rgba or PixelFormat.Rgbx)
        {
            return copy;
        }

        var spec = new FrameSpec(copy.Format, copy.Width, copy.Height);
        if (_converter is null || _converter.Input != spec)
        {
            _converter?.Dispose();
            _rgb?.Dispose();
            (_converter, _rgb) = (null, null);
            _converter = new FrameFormatConverter(spec, PixelFormat.Bgrx);
            _rgb = _pool.Rent(PixelFormat.Bgrx, copy.Width, copy.Height);
        }

        _converter.Convert(copy, _rgb!);
        return _rgb!;
    }

    // Called once per still when its request is done.
    internal void Return() => _oneRequest.Release();
}

/// <summary>A frame captured by a <see cref="FrameTap"/>, lent to one request until disposed.</summary>
public sealed class FrameStill : IDisposable
{
    private FrameTap? _tap;

    internal FrameStill(FrameTap tap, VideoFrame frame)
    {
        _tap = tap;
        Frame = frame;
    }

    /// <summary>The frame as it passed the tap (owned by the tap: read it, never keep or dispose it).</summary>
    public VideoFrame Frame { get; }

    /// <summary>Lines of the picture: twice the frame's lines when it holds one field of an interlaced picture.</summary>
    public int PictureHeight => Frame.Provenance.FieldFormat is FieldFormat.Field0 or FieldFormat.Field1 ? 2 * Frame.Height : Frame.Height;

    /// <summary>
    /// The picture as packed 8-bit BGRA/BGRX/RGBA/RGBX (see its <see cref="VideoFrame.Format"/>), converted from
    /// Y'CbCr on this thread when needed; owned by the tap and valid until this still is disposed.
    /// </summary>
    public VideoFrame ToRgb() => (_tap ?? throw new ObjectDisposedException(nameof(FrameStill))).ToRgb(Frame);

    /// <summary>Gives the tap back to the next request.</summary>
    public void Dispose() => Interlocked.Exchange(ref _tap, null)?.Return();
}
