using System.Text;

namespace StreamDiffusion.Ndi.Tests.Loopback;

/// <summary>
/// A clocked NDI sender on its own thread for the loopback tests: frame n carries the grey of <see cref="GreyCode"/>,
/// the timecode of frame n at the format's rate, and the metadata <c>&lt;sdb_test frame="n"/&gt;</c>. Frames go out
/// through the async double-buffered path.
/// </summary>
internal sealed class TestPatternSender : IDisposable
{
    private readonly NdiSender _sender;
    private readonly NdiVideoFormat _format;
    private readonly Thread _thread;
    private readonly long _firstFrame;
    private readonly bool _withAudio;
    private readonly Func<long, NdiFrameFormat>? _fieldFor;
    private volatile bool _stopping;

    public TestPatternSender(
        NdiRuntime runtime, string name, NdiVideoFormat format, long firstFrame = 0, IReadOnlyList<string>? groups = null,
        bool withAudio = false, Func<long, NdiFrameFormat>? fieldFor = null)
    {
        _sender = new NdiSender(runtime, new NdiSenderOptions { Name = name, Groups = groups ?? [], ClockVideo = true });
        _format = format;
        _firstFrame = firstFrame;
        _withAudio = withAudio;
        _fieldFor = fieldFor;
        _thread = new Thread(Run) { IsBackground = true, Name = "test-pattern " + name };
        _thread.Start();
    }

    public NdiSender Sender => _sender;

    public string PublishedName => _sender.PublishedName;

    /// <summary>Audio samples per channel sent with each video frame (48 kHz at 30 fps).</summary>
    public const int AudioSamples = 1600;

    /// <summary>The value of sample s on channel c of the audio sent with frame n.</summary>
    public static float AudioSample(long frame, int channel, int sample) => ((frame % 100) / 100f) + (channel * 0.25f) + (sample / 100_000f);

    public void Dispose()
    {
        _stopping = true;
        _thread.Join();
        _sender.Dispose();
    }

    private void Run()
    {
        var metadata = new byte[64];
        var audio = new float[AudioSamples * 2];
        for (var n = _firstFrame; !_stopping; n++)
        {
            var format = _fieldFor is null ? _format : _format with { FrameFormat = _fieldFor(n) };
            var buffer = _sender.GetVideoBuffer(format);
            if (format.FourCC == NdiFourCC.BGRA)
            {
                GreyCode.FillBgra(buffer, n);
            }
            else
            {
                GreyCode.FillUyvy(buffer, n);
            }

            var length = Encoding.UTF8.GetBytes($"<sdb_test frame=\"{n}\"/>", metadata);
            _sender.SendVideoAsync(NdiTimecode.FromFrameNumber(n, format.RateN, format.RateD), metadata.AsSpan(0, length));
            if (_withAudio)
            {
                for (var c = 0; c < 2; c++)
                {
                    for (var s = 0; s < AudioSamples; s++)
                    {
                        audio[(c * AudioSamples) + s] = AudioSample(n, c, s);
                    }
                }

                _sender.SendAudio(audio, 48000, 2, NdiTimecode.FromFrameNumber(n, format.RateN, format.RateD));
            }
        }
    }
}
