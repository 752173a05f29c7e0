using StreamDiffusion.Broadcast.Channels;
using StreamDiffusion.Broadcast.Configuration;

namespace StreamDiffusion.Broadcast.Tests.Channels;

public sealed class OutputFallbackTests
{
    private static readonly FallbackTimings s_timings = new(
        HoldAfter: TimeSpan.FromMilliseconds(100),
        BypassAfter: TimeSpan.FromMilliseconds(1000),
        Crossfade: TimeSpan.FromMilliseconds(200),
        InputLostAfter: TimeSpan.FromMilliseconds(500),
        OnInputLoss: InputLossPolicy.Slate);

    private static TimeSpan Ms(double ms) => TimeSpan.FromMilliseconds(ms);

    [Fact]
    public void Before_the_first_processed_frame_the_input_keeps_the_output_alive()
    {
        var fallback = new OutputFallback(s_timings);

        var decision = fallback.Decide(Ms(40), lastInputAt: Ms(30), lastProcessedAt: null, processedId: -1, modelAvailable: true);

        Assert.Equal(new OutputDecision(OutputSource.Input, ChannelState.Warming, 0), decision);
    }

    [Fact]
    public void New_frames_are_sent_once_then_repeated_while_the_model_is_slower_than_the_output()
    {
        var fallback = new OutputFallback(s_timings);

        Assert.Equal(OutputSource.Processed, fallback.Decide(Ms(0), Ms(0), Ms(0), 1, true).Source);
        var repeat = fallback.Decide(Ms(20), Ms(20), Ms(0), 1, true);
        Assert.Equal((OutputSource.RepeatProcessed, ChannelState.Live), (repeat.Source, repeat.State));
        Assert.Equal(OutputSource.Processed, fallback.Decide(Ms(40), Ms(40), Ms(35), 2, true).Source);
    }

    [Fact]
    public void A_stall_holds_then_crossfades_to_bypass_and_back()
    {
        var fallback = new OutputFallback(s_timings);
        fallback.Decide(Ms(0), Ms(0), Ms(0), 1, true);

        var holding = fallback.Decide(Ms(500), Ms(490), Ms(0), 1, true);
        Assert.Equal((OutputSource.RepeatProcessed, ChannelState.Holding), (holding.Source, holding.State));

        var fadeStart = fallback.Decide(Ms(1001), Ms(1000), Ms(0), 1, true);
        Assert.Equal((OutputSource.Crossfade, ChannelState.Bypass, 1f), (fadeStart.Source, fadeStart.State, fadeStart.ProcessedWeight));
        var fadeHalf = fallback.Decide(Ms(1101), Ms(1100), Ms(0), 1, true);
        Assert.Equal(0.5f, fadeHalf.ProcessedWeight, 3);
        var bypass = fallback.Decide(Ms(1301), Ms(1300), Ms(0), 1, true);
        Assert.Equal((OutputSource.Input, ChannelState.Bypass), (bypass.Source, bypass.State));

        // The model recovers: the output crossfades back to processed frames, then shows them plainly.
        var back = fallback.Decide(Ms(1400), Ms(1400), Ms(1390), 2, true);
        Assert.Equal((OutputSource.Crossfade, ChannelState.Live, 0f), (back.Source, back.State, back.ProcessedWeight));
        Assert.Equal(0.5f, fallback.Decide(Ms(1500), Ms(1500), Ms(1490), 3, true).ProcessedWeight, 3);
        Assert.Equal(OutputSource.Processed, fallback.Decide(Ms(1600), Ms(1600), Ms(1590), 4, true).Source);
    }

    [Fact]
    public void Filter_skips_are_heartbeats_not_stalls()
    {
        var fallback = new OutputFallback(s_timings);
        fallback.Decide(Ms(0), Ms(0), Ms(0), 1, true);

        // The processor reports a skip every 40 ms (lastProcessedAt moves, the frame id does not) for five seconds.
        for (var t = 40; t <= 5000; t += 40)
        {
            var decision = fallback.Decide(Ms(t), Ms(t), Ms(t), 1, true);
            Assert.Equal((OutputSource.RepeatProcessed, ChannelState.Live), (decision.Source, decision.State));
        }
    }

    [Theory]
    [InlineData(InputLossPolicy.Hold, OutputSource.HoldLast)]
    [InlineData(InputLossPolicy.Black, OutputSource.Black)]
    [InlineData(InputLossPolicy.Slate, OutputSource.Slate)]
    public void Input_loss_shows_the_configured_policy_and_recovers_by_itself(InputLossPolicy policy, OutputSource expected)
    {
        var fallback = new OutputFallback(s_timings with { OnInputLoss = policy });
        fallback.Decide(Ms(0), Ms(0), Ms(0), 1, true);

        var lost = fallback.Decide(Ms(600), Ms(50), Ms(50), 1, true);
        Assert.Equal((expected, ChannelState.InputLost), (lost.Source, lost.State));

        var back = fallback.Decide(Ms(700), Ms(690), Ms(695), 2, true);
        Assert.Equal((OutputSource.Processed, ChannelState.Live), (back.Source, back.State));
    }

    [Fact]
    public void Hold_with_nothing_sent_yet_shows_the_slate()
    {
        var fallback = new OutputFallback(s_timings with { OnInputLoss = InputLossPolicy.Hold });

        Assert.Equal(OutputSource.Slate, fallback.Decide(Ms(0), null, null, -1, true).Source);
    }

    [Fact]
    public void Without_a_model_the_input_is_on_air_and_the_state_says_why()
    {
        var fallback = new OutputFallback(s_timings);

        Assert.Equal(new OutputDecision(OutputSource.Input, ChannelState.ModelMissing, 0), fallback.Decide(Ms(10), Ms(5), null, -1, false));
    }

    [Fact]
    public void Operator_bypass_crossfades_out_and_back_in()
    {
        var fallback = new OutputFallback(s_timings);
        fallback.Decide(Ms(0), Ms(0), Ms(0), 1, true);

        fallback.ForcedBypass = true;
        Assert.Equal(ChannelState.Bypass, fallback.Decide(Ms(20), Ms(20), Ms(20), 2, true).State);
        Assert.Equal(OutputSource.Input, fallback.Decide(Ms(300), Ms(300), Ms(300), 3, true).Source);

        fallback.ForcedBypass = false;
        Assert.Equal(OutputSource.Crossfade, fallback.Decide(Ms(320), Ms(320), Ms(320), 4, true).Source);
    }

    [Fact]
    public void Operator_hold_freezes_on_the_last_picture_whatever_input_and_model_do_until_released()
    {
        var fallback = new OutputFallback(s_timings);
        fallback.Decide(Ms(0), Ms(0), Ms(0), 1, true);
        var shown = fallback.Decide(Ms(40), Ms(40), Ms(40), 2, true);

        fallback.ForcedHold = true;
        // New processed frames, then a stalled model, then a lost input: the hold stays on every slot.
        for (var t = 80; t <= 3000; t += 40)
        {
            var processedAt = t <= 1000 ? Ms(t) : Ms(1000);
            var inputAt = t <= 2000 ? Ms(t) : Ms(2000);
            Assert.Equal(new OutputDecision(OutputSource.HoldLast, ChannelState.Holding, 0), fallback.Decide(Ms(t), inputAt, processedAt, t / 40, true));
        }

        Assert.Equal(shown, fallback.LastShown);

        fallback.ForcedHold = false;
        var released = fallback.Decide(Ms(3040), Ms(3040), Ms(3030), 100, true);
        Assert.Equal((OutputSource.Processed, ChannelState.Live), (released.Source, released.State));
        Assert.Equal(released, fallback.LastShown);
    }

    [Fact]
    public void Operator_hold_with_nothing_shown_yet_lets_the_output_start()
    {
        var fallback = new OutputFallback(s_timings) { ForcedHold = true };

        Assert.Equal(new OutputDecision(OutputSource.Input, ChannelState.Warming, 0), fallback.Decide(Ms(40), Ms(30), null, -1, true));
        Assert.Equal(OutputSource.HoldLast, fallback.Decide(Ms(80), Ms(70), null, -1, true).Source);
    }

    [Fact]
    public void Operator_hold_during_a_bypass_crossfade_freezes_the_mix_and_wins_over_bypass()
    {
        var fallback = new OutputFallback(s_timings);
        fallback.Decide(Ms(0), Ms(0), Ms(0), 1, true);
        fallback.ForcedBypass = true;
        fallback.Decide(Ms(20), Ms(20), Ms(20), 2, true);
        var mix = fallback.Decide(Ms(120), Ms(120), Ms(120), 3, true);
        Assert.Equal(OutputSource.Crossfade, mix.Source);

        fallback.ForcedHold = true;

        var held = fallback.Decide(Ms(500), Ms(500), Ms(500), 4, true);
        Assert.Equal((OutputSource.HoldLast, ChannelState.Holding), (held.Source, held.State));
        Assert.Equal(mix, fallback.LastShown);
    }

    [Fact]
    public void Input_loss_with_the_hold_policy_keeps_the_last_picture_shown()
    {
        var fallback = new OutputFallback(s_timings with { OnInputLoss = InputLossPolicy.Hold });
        var shown = fallback.Decide(Ms(0), Ms(0), Ms(0), 1, true);

        Assert.Equal(OutputSource.HoldLast, fallback.Decide(Ms(600), Ms(50), Ms(50), 1, true).Source);
        Assert.Equal(shown, fallback.LastShown);
    }
}
