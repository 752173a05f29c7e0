using System.Diagnostics;
using StreamDiffusion.Core.Pipeline;
using StreamDiffusion.Video.Conversion;
using StreamDiffusion.Video.Frames;
using StreamDiffusion.Video.Geometry;

namespace StreamDiffusion.Broadcast.Channels;

/// <summary>
/// The inference stage of a channel, on its own thread: takes the newest input frame (older ones were already
/// replaced in the mailbox), runs the StreamDiffusion pipeline on it, converts a new picture back to video at the
/// input's geometry, brings it to the channel's output format and hands it to the pacer, which shows it in the send
/// slot of the input it was made from. Skips are reported as heartbeats; NaN frames are dropped and
/// counted; a model exception is counted and the loop carries on (the pacer falls back to bypass if it lasts).
/// </summary>
internal sealed class ModelStage : IDisposable
{
    private readonly StreamPipeline _pipeline;
    private readonly VideoPathSettings _settings;
    private readonly VideoFramePool _pool;
    private readonly ChannelCounters _counters;
    private readonly LatestWinsMailbox<VideoFrame> _inbox;
    private readonly Action<VideoFrame> _deliver;
    private readonly Action<long> _deliverSkip;
    private readonly OutputFormatLatch _format;
    private readonly OutputConformer _conformer;
    private readonly AutoResetEvent _inputArrived;
    private readonly VideoFrameModelInput _input;
    private readonly Dictionary<FrameSpec, TensorToFrameConverter> _toVideo = [];
    private readonly ModelTensor _outputTensor;
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private readonly Func<bool> _idle;
    private long _lastHeartbeat;
    private string? _lastFault;

    public ModelStage(
        StreamPipeline pipeline, VideoPathSettings settings, VideoFramePool pool, ChannelCounters counters,
        LatestWinsMailbox<VideoFrame> inbox, Action<VideoFrame> deliver, Action<long> deliverSkip, OutputFormatLatch format, AutoResetEvent inputArrived, string channel, Func<bool> idle)
    {
        _idle = idle;
        _pipeline = pipeline;
        _settings = settings;
        _pool = pool;
        _counters = counters;
        _inbox = inbox;
        _deliver = deliver;
        _deliverSkip = deliverSkip;
        _format = format;
        _conformer = new OutputConformer(settings, pool);
        _inputArrived = inputArrived;
        _input = new VideoFrameModelInput(settings);
        _outputTensor = new ModelTensor(ModelResolution.Create(pipeline.OutputWidth, pipeline.OutputHeight));
        _thread = new Thread(Run) { IsBackground = true, Name = $"{channel} inference" };
    }

    /// <summary>When the pipeline last delivered a picture or a skip heartbeat (Stopwatch ticks), 0 before the first.</summary>
    public long LastHeartbeat => Volatile.Read(ref _lastHeartbeat);

    /// <summary>The last model fault, for the status reason (null when the last frame went well).</summary>
    public string? LastFault => Volatile.Read(ref _lastFault);

    /// <summary>The pipeline this stage drives (parameter updates go straight to it).</summary>
    public StreamPipeline Pipeline => _pipeline;

    public void Start() => _thread.Start();

    public void Dispose()
    {
        _stop.Cancel();
        _inputArrived.Set();
        _thread.Join(TimeSpan.FromSeconds(10));
        _input.Dispose();
        _conformer.Dispose();
        _outputTensor.Dispose();
        _stop.Dispose();
    }

    private void Run()
    {
        while (!_stop.IsCancellationRequested)
        {
            _inputArrived.WaitOne(TimeSpan.FromMilliseconds(100));
            if (!_inbox.TryTake(out var frame) || frame is null)
            {
                continue;
            }

            try
            {
                if (_idle())
                {
                    // Nobody receives the output: the model rests; the pacer repeats the last picture, which the NDI
                    // runtime also hands to the next receiver that connects. A heartbeat keeps this from looking like a stall.
                    _counters.Skipped();
                    Volatile.Write(ref _lastHeartbeat, Stopwatch.GetTimestamp());
                    continue;
                }

                Process(frame);
            }
            finally
            {
                frame.Dispose();
            }
        }
    }

    private void Process(VideoFrame frame)
    {
        _input.Frame = frame;
        StreamFrameResult result;
        try
        {
            result = _pipeline.ProcessFrame(_input);
            Volatile.Write(ref _lastFault, null);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A model that throws must not take the channel down: the pipeline reset its batch, the pacer covers the gap.
            Volatile.Write(ref _lastFault, $"the model failed: {e.GetType().Name}: {e.Message}");
            return;
        }

        switch (result.Outcome)
        {
            case FrameOutcome.NewFrame:
                _counters.Processed();
                _deliver(ToVideo(frame, result));
                Volatile.Write(ref _lastHeartbeat, Stopwatch.GetTimestamp());
                break;
            case FrameOutcome.Skipped:
                _counters.Skipped();
                _deliverSkip(frame.Provenance.CaptureTimestamp);
                Volatile.Write(ref _lastHeartbeat, Stopwatch.GetTimestamp());
                break;
            case FrameOutcome.Dropped:
                _counters.NanDropped();
                _counters.NewEpoch();
                break;
            default:
                break; // warm-up: nothing may be shown yet
        }
    }

    private VideoFrame ToVideo(VideoFrame input, StreamFrameResult result)
    {
        var spec = new FrameSpec(input.Format, input.Width, input.Height, input.Provenance.FieldFormat);
        var target = _format.Spec ?? TensorToFrameConverter.OutputFor(spec, PixelFormat.Uyvy, _settings);
        if (!_toVideo.TryGetValue(spec, out var converter) || converter.Output.Format != target.Format)
        {
            var output = TensorToFrameConverter.OutputFor(spec, target.Format, _settings);
            converter = new TensorToFrameConverter(spec, ModelResolution.Create(_pipeline.OutputWidth, _pipeline.OutputHeight), output, _settings);
            _toVideo[spec] = converter;
        }

        _pipeline.OutputImage.CopyTo(_outputTensor.Data);
        var made = result.Output;
        _outputTensor.Provenance = new Video.Frames.FrameProvenance(made.FrameId, (long)(made.CaptureTime.TotalSeconds * Stopwatch.Frequency), made.SourceTimecode, input.Provenance.FieldFormat);
        var outputFrame = _pool.Rent(converter.Output.Format, converter.Output.Width, converter.Output.Height);
        converter.Convert(_outputTensor, outputFrame);
        outputFrame.Provenance = _outputTensor.Provenance with { FieldFormat = converter.Output.FieldFormat };
        return _conformer.Into(outputFrame, target);
    }
}
