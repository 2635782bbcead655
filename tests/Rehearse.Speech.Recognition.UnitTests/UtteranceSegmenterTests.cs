using Rehearse.Speech.Recognition.Segmentation;

namespace Rehearse.Speech.Recognition.UnitTests;

public sealed class UtteranceSegmenterTests
{
    // 32 ms frames: min speech 96 ms = 3 frames, min silence 160 ms = 5 frames, max utterance 640 ms = 20 frames.
    private static readonly EndpointingSettings Settings = new(
        SpeechThreshold: 0.5f,
        SilenceThreshold: 0.35f,
        MinSilence: TimeSpan.FromMilliseconds(160),
        MinSpeech: TimeSpan.FromMilliseconds(96),
        SpeechPadding: TimeSpan.Zero,
        MaxUtterance: TimeSpan.FromMilliseconds(640));

    [Fact]
    public void Speech_between_silences_is_one_utterance_that_ends_after_the_minimum_silence()
    {
        var events = Run([.. Frames(0.0f, 10), .. Frames(0.9f, 12), .. Frames(0.1f, 10)]);

        Assert.Equal<SegmentationEvent>(
            [new SpeechStarted(10), new UtteranceClosed(10, 22, UtteranceEnd.Silence, false)],
            events.Select(e => e.Event));
        // The end is decided once five silent frames have passed (frames 22..26), at frame 26.
        Assert.Equal(26, events[1].Frame);
    }

    [Fact]
    public void A_blip_shorter_than_the_minimum_speech_is_ignored()
    {
        var events = Run([.. Frames(0.0f, 5), .. Frames(0.9f, 2), .. Frames(0.0f, 20)]);

        Assert.Empty(events);
    }

    [Fact]
    public void Probabilities_between_the_thresholds_neither_end_speech_nor_reset_the_silence()
    {
        // Hovering at 0.4 (between 0.35 and 0.5) for longer than the minimum silence does not end the utterance.
        var events = Run([.. Frames(0.9f, 5), .. Frames(0.4f, 6), .. Frames(0.9f, 3), .. Frames(0.0f, 6)]);

        Assert.Equal<SegmentationEvent>(
            [new SpeechStarted(0), new UtteranceClosed(0, 14, UtteranceEnd.Silence, false)],
            events.Select(e => e.Event));
    }

    [Fact]
    public void A_pause_shorter_than_the_minimum_silence_keeps_one_utterance()
    {
        var events = Run([.. Frames(0.9f, 5), .. Frames(0.1f, 4), .. Frames(0.9f, 5), .. Frames(0.1f, 5)]);

        Assert.Equal<SegmentationEvent>(
            [new SpeechStarted(0), new UtteranceClosed(0, 14, UtteranceEnd.Silence, false)],
            events.Select(e => e.Event));
    }

    [Fact]
    public void A_long_utterance_is_cut_at_its_quietest_frame_in_the_second_half()
    {
        var levels = Enumerable.Repeat(0.5f, 40).ToArray();
        levels[15] = 0.01f; // quietest in the second half of the first 20 frames
        levels[3] = 0.0f;   // quieter, but in the first half: not a cut candidate
        var segmenter = new UtteranceSegmenter(Settings);
        var events = new List<SegmentationEvent>();
        for (var i = 0; i < 30; i++)
        {
            segmenter.Push(0.9f, levels[i], events);
        }
        segmenter.Finish(events);

        Assert.Equal<SegmentationEvent>(
            [
                new SpeechStarted(0),
                new UtteranceClosed(0, 15, UtteranceEnd.MaxLength, false),
                new UtteranceClosed(15, 30, UtteranceEnd.EndOfStream, true),
            ],
            events);
    }

    [Fact]
    public void The_end_of_the_audio_closes_an_open_utterance_where_its_speech_stopped()
    {
        var segmenter = new UtteranceSegmenter(Settings);
        var events = new List<SegmentationEvent>();
        foreach (var probability in (float[])[.. Frames(0.9f, 6), .. Frames(0.1f, 2)])
        {
            segmenter.Push(probability, 0.1f, events);
        }
        segmenter.Finish(events);

        Assert.Equal<SegmentationEvent>([new SpeechStarted(0), new UtteranceClosed(0, 6, UtteranceEnd.EndOfStream, false)], events);
        Assert.False(segmenter.InSpeech);
    }

    [Fact]
    public void Trailing_silence_is_reported_while_the_endpoint_is_pending()
    {
        var segmenter = new UtteranceSegmenter(Settings);
        var events = new List<SegmentationEvent>();
        foreach (var probability in (float[])[.. Frames(0.9f, 6), .. Frames(0.1f, 2)])
        {
            segmenter.Push(probability, 0.1f, events);
        }

        Assert.True(segmenter.InSpeech);
        Assert.True(segmenter.InTrailingSilence);
        Assert.Equal(0, segmenter.UtteranceStartFrame);
    }

    private static float[] Frames(float probability, int count) => Enumerable.Repeat(probability, count).ToArray();

    private static List<(long Frame, SegmentationEvent Event)> Run(float[] probabilities)
    {
        var segmenter = new UtteranceSegmenter(Settings);
        var result = new List<(long, SegmentationEvent)>();
        var events = new List<SegmentationEvent>();
        for (var frame = 0; frame < probabilities.Length; frame++)
        {
            events.Clear();
            segmenter.Push(probabilities[frame], 0.1f, events);
            result.AddRange(events.Select(e => ((long)frame, e)));
        }
        return result;
    }
}
