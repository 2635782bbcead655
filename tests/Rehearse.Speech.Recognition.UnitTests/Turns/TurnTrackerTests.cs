using Rehearse.Speech.Recognition.Engine;
using Rehearse.Speech.Recognition.Streaming;
using Rehearse.Speech.Recognition.Turns;

namespace Rehearse.Speech.Recognition.UnitTests.Turns;

public sealed class TurnTrackerTests
{
    private const int Rate = 16_000;
    private static readonly TurnDetectionSettings Settings = new(
        TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(6), TimeSpan.FromMilliseconds(700), TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(150));

    private static long At(double seconds) => (long)(seconds * Rate);

    private static Transcript Heard(string text, float confidence = 0.9f) => new(text, confidence, 3, false);

    /// <summary>What the stream does when an utterance closes: turn began by the final's words, then the events after the final.</summary>
    private static List<RecognitionEvent> Final(TurnTracker tracker, int segment, string text, double speechEnd, double position)
    {
        var events = new List<RecognitionEvent>();
        if (tracker.BeforeFinal(segment, text, hum: false) is { } began)
        {
            events.Add(began);
        }
        tracker.AfterFinal(segment, text, At(speechEnd), At(position), null, events);
        return events;
    }

    [Fact]
    public void A_clear_end_whose_wait_passed_before_the_final_ends_the_turn_at_once()
    {
        var tracker = new TurnTracker(Settings);
        tracker.SpeechStarted(At(1));

        var events = Final(tracker, 0, "I led the migration to Kubernetes.", speechEnd: 3, position: 3.6);

        Assert.Equal(TurnEventKind.TurnBegan, Assert.IsType<TurnEvent>(events[0]).Kind);
        var estimate = Assert.IsType<TurnEvent>(events[1]);
        Assert.Equal((TurnEventKind.EndEstimate, TimeSpan.FromSeconds(3)), (estimate.Kind, estimate.Offset));
        var wait = estimate.Estimate!.Wait;
        Assert.InRange(wait, TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(600));
        var ended = Assert.IsType<TurnEvent>(events[2]);
        Assert.Equal((TurnEventKind.TurnEnded, 0, TimeSpan.FromSeconds(3) + wait), (ended.Kind, ended.SegmentIndex, ended.Offset));
        Assert.Same(estimate.Estimate, ended.Estimate);
    }

    [Fact]
    public void An_unfinished_turn_ends_only_once_its_wait_has_been_analysed()
    {
        var tracker = new TurnTracker(Settings);
        tracker.SpeechStarted(At(1));
        var events = Final(tracker, 0, "And I was responsible for the.", speechEnd: 3, position: 3.6);
        Assert.Equal(TimeSpan.FromSeconds(6), events.OfType<TurnEvent>().Single(e => e.Kind == TurnEventKind.EndEstimate).Estimate!.Wait);
        Assert.DoesNotContain(events, e => e is TurnEvent { Kind: TurnEventKind.TurnEnded });

        Assert.Null(tracker.TryEnd(At(8.99), pendingOnset: -1));
        // A sound that may still become speech, begun before the deadline, holds the decision.
        Assert.Null(tracker.TryEnd(At(9.2), pendingOnset: At(8.9)));
        var ended = tracker.TryEnd(At(9.2), pendingOnset: -1);

        Assert.Equal((TurnEventKind.TurnEnded, TimeSpan.FromSeconds(9)), (ended!.Kind, ended.Offset));
        Assert.Null(tracker.TryEnd(At(10), pendingOnset: -1));
    }

    [Fact]
    public void Speech_resuming_before_the_deadline_calls_the_end_off_and_the_turn_goes_on()
    {
        var tracker = new TurnTracker(Settings);
        tracker.SpeechStarted(At(1));
        Final(tracker, 0, "We chose Postgres because.", speechEnd: 3, position: 3.6);

        tracker.SpeechStarted(At(6));
        Assert.Null(tracker.TryEnd(At(20), pendingOnset: -1));
        var events = Final(tracker, 1, "The team knew it well.", speechEnd: 8, position: 8.6);

        // The estimate reads the whole turn, whose last words now finish it.
        var estimate = events.OfType<TurnEvent>().Single(e => e.Kind == TurnEventKind.EndEstimate).Estimate!;
        Assert.Equal(TurnCue.CompleteThought, estimate.Cues[0]);
        Assert.Contains(events, e => e is TurnEvent { Kind: TurnEventKind.TurnEnded, SegmentIndex: 1 });
    }

    [Fact]
    public void A_new_turn_starts_from_its_own_words()
    {
        var tracker = new TurnTracker(Settings);
        tracker.SpeechStarted(At(1));
        Final(tracker, 0, "So I was working on the.", speechEnd: 3, position: 3.6);
        Assert.NotNull(tracker.TryEnd(At(9), pendingOnset: -1));

        tracker.SpeechStarted(At(12));
        var events = Final(tracker, 1, "Sorry, I lost my train of thought.", speechEnd: 14, position: 14.6);

        Assert.DoesNotContain(TurnCue.TrailingConnective, events.OfType<TurnEvent>().First(e => e.Kind == TurnEventKind.EndEstimate).Estimate!.Cues);
    }

    [Fact]
    public void A_sure_turn_word_begins_the_turn_at_the_onset_and_an_unsure_one_is_checked_again()
    {
        var tracker = new TurnTracker(Settings);
        tracker.SpeechStarted(At(2));

        Assert.False(tracker.ShouldDecode(At(2.2), At(2.2)));
        Assert.True(tracker.ShouldDecode(At(2.25), At(2.25)));
        Assert.Null(tracker.Decoded(0, Heard("Duh!", confidence: 0.45f), hum: false, At(2.25), At(2.25)));
        Assert.False(tracker.ShouldDecode(At(2.35), At(2.35)));
        Assert.True(tracker.ShouldDecode(At(2.4), At(2.4)));
        var began = tracker.Decoded(0, Heard("Actually, I"), hum: false, At(2.4), At(2.4));

        Assert.Equal((TurnEventKind.TurnBegan, 0, TimeSpan.FromSeconds(2), "Actually, I"), (began!.Kind, began.SegmentIndex, began.Offset, began.Transcript));
        Assert.False(tracker.ShouldDecode(At(3), At(3)));
        Assert.Null(tracker.CheckLength(0, At(5)));
        Assert.Null(tracker.BeforeFinal(0, "Actually, I disagree.", hum: false));
    }

    [Fact]
    public void Backchannel_words_the_model_is_sure_of_begin_a_turn_only_once_the_speech_outlasts_twice_a_backchannel()
    {
        var tracker = new TurnTracker(Settings);
        tracker.SpeechStarted(At(2));
        Assert.Null(tracker.Decoded(0, Heard("Exactly."), hum: false, At(2.25), At(2.25)));
        // In the silence after the speech, nothing new is heard: no second decode.
        Assert.False(tracker.ShouldDecode(At(2.5), At(2.25)));
        // A slow "Exactly." or "Makes sense." outlasts 700 ms.
        Assert.Null(tracker.CheckLength(0, At(3.4)));

        var began = tracker.CheckLength(0, At(3.41));

        Assert.Equal((TurnEventKind.TurnBegan, "Exactly."), (began!.Kind, began.Transcript));
    }

    [Fact]
    public void An_utterance_closed_without_a_turn_is_a_backchannel_and_still_gets_an_estimate()
    {
        var tracker = new TurnTracker(Settings);
        tracker.SpeechStarted(At(2));
        tracker.Decoded(0, Heard("Mm-hmm."), hum: false, At(2.25), At(2.25));
        Assert.Null(tracker.BeforeFinal(0, "Mm-hmm.", hum: false));

        var events = Final(tracker, 0, "Mm-hmm.", speechEnd: 2.5, position: 3.1);

        var backchannel = Assert.IsType<TurnEvent>(events[0]);
        Assert.Equal((TurnEventKind.Backchannel, TimeSpan.FromSeconds(2.5), "Mm-hmm."), (backchannel.Kind, backchannel.Offset, backchannel.Transcript));
        Assert.Equal(TurnEventKind.EndEstimate, Assert.IsType<TurnEvent>(events[1]).Kind);
    }

    [Fact]
    public void Misheard_words_of_a_hum_begin_no_turn_but_its_length_does()
    {
        var tracker = new TurnTracker(Settings);
        tracker.SpeechStarted(At(2));

        Assert.Null(tracker.Decoded(0, Heard("Amen."), hum: true, At(2.25), At(2.25)));
        Assert.True(tracker.Undecided);
        Assert.Null(tracker.CheckLength(0, At(2.7)));
        var began = tracker.CheckLength(0, At(2.71));

        Assert.Equal((TurnEventKind.TurnBegan, TimeSpan.FromSeconds(2), "Amen."), (began!.Kind, began.Offset, began.Transcript));
        Assert.False(tracker.Undecided);
    }

    [Fact]
    public void A_short_hum_heard_as_words_closes_as_a_backchannel()
    {
        var tracker = new TurnTracker(Settings);
        tracker.SpeechStarted(At(2));
        Assert.Null(tracker.Decoded(0, Heard("Pill."), hum: true, At(2.25), At(2.25)));

        Assert.Null(tracker.BeforeFinal(0, "Pill.", hum: true));
        var events = new List<RecognitionEvent>();
        tracker.AfterFinal(0, "Pill.", At(2.4), At(3), null, events);

        Assert.Equal(TurnEventKind.Backchannel, Assert.IsType<TurnEvent>(events[0]).Kind);
        // The same words, not a hum, begin the turn.
        tracker.SpeechStarted(At(4));
        Assert.NotNull(tracker.Decoded(1, Heard("Pill."), hum: false, At(4.25), At(4.25)));
    }

    [Fact]
    public void Words_of_a_short_utterance_never_checked_begin_the_turn_before_its_final()
    {
        var tracker = new TurnTracker(Settings);
        tracker.SpeechStarted(At(2));

        var began = tracker.BeforeFinal(0, "No.", hum: false);

        Assert.Equal((TurnEventKind.TurnBegan, TimeSpan.FromSeconds(2)), (began!.Kind, began.Offset));
        Assert.DoesNotContain(Final(tracker, 0, "No.", 2.3, 2.9), e => e is TurnEvent { Kind: TurnEventKind.Backchannel });
    }

    [Fact]
    public void A_sound_without_words_is_a_backchannel_with_no_turn_to_end()
    {
        var tracker = new TurnTracker(Settings);
        tracker.SpeechStarted(At(2));

        var events = Final(tracker, 0, "", speechEnd: 2.4, position: 3);

        Assert.Equal(TurnEventKind.Backchannel, Assert.IsType<TurnEvent>(Assert.Single(events)).Kind);
        Assert.Null(tracker.TryEnd(At(20), pendingOnset: -1));
    }

    [Fact]
    public void Speech_whose_words_the_model_is_unsure_of_begins_a_turn_at_the_backchannel_length()
    {
        var tracker = new TurnTracker(Settings);
        tracker.SpeechStarted(At(1));
        Assert.Null(tracker.Decoded(0, Heard("Yeah.", confidence: 0.4f), hum: false, At(1.25), At(1.25)));

        Assert.NotNull(tracker.CheckLength(0, At(1.71)));
    }

    [Fact]
    public void A_backchannel_s_first_word_waits_for_the_next_decode_and_a_word_that_is_not_one_begins_the_turn()
    {
        var tracker = new TurnTracker(Settings);
        tracker.SpeechStarted(At(1));

        Assert.Null(tracker.Decoded(0, Heard("Makes."), hum: false, At(1.25), At(1.25)));
        Assert.Null(tracker.Decoded(0, Heard("Makes sense."), hum: false, At(1.4), At(1.4)));
        var began = tracker.Decoded(0, Heard("Makes sense, but the"), hum: false, At(1.55), At(1.55));

        Assert.Equal(TurnEventKind.TurnBegan, began!.Kind);
    }
}

public sealed class TurnDetectionOptionsTests
{
    [Theory]
    [InlineData(50, 6_000, 700, "MinWait")]
    [InlineData(500, 40_000, 700, "MaxWait")]
    [InlineData(500, 6_000, 100, "MaxBackchannel")]
    [InlineData(3_000, 2_000, 700, "MinWait (3000 ms) must not exceed MaxWait (2000 ms)")]
    public void Server_defaults_out_of_range_are_refused_naming_the_setting(int minWait, int maxWait, int maxBackchannel, string expected)
    {
        var options = new RecognitionOptions
        {
            TurnDetection = new TurnDetectionOptions
            {
                MinWait = TimeSpan.FromMilliseconds(minWait),
                MaxWait = TimeSpan.FromMilliseconds(maxWait),
                MaxBackchannel = TimeSpan.FromMilliseconds(maxBackchannel),
            },
        };

        var error = Assert.Single(options.Validate());

        Assert.StartsWith("Speech:Recognition:TurnDetection: ", error, StringComparison.Ordinal);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_defaults_are_valid_and_are_those_of_the_contract()
    {
        var options = new TurnDetectionOptions();

        Assert.Empty(options.Validate("Speech:Recognition:TurnDetection"));
        Assert.Equal((TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(6), TimeSpan.FromMilliseconds(700)), (options.MinWait, options.MaxWait, options.MaxBackchannel));
    }
}
