using System.Threading.Channels;
using Rehearse.Speech.Audio;
using Rehearse.Speech.Recognition.Engine;
using Rehearse.Speech.Recognition.Input;
using Rehearse.Speech.Recognition.Segmentation;
using Rehearse.Speech.Recognition.Streaming;
using Rehearse.Testing;

namespace Rehearse.Speech.Recognition.UnitTests;

[Collection(EngineStreamsCollection.Name)]
public sealed class SpeechRecognitionEngineTests(ModelFixture models)
{
    private static readonly string[] Sentences = ["Tell me about yourself.", "My name is John Smith.", "Thank you for your time."];
    private static readonly RecognitionAudioFormat Linear16 = new(RecognitionAudioEncoding.Linear16, 16_000);

    private static readonly Lazy<float[]> ThreeSentences = new(() => SpokenAudio.SentencesWithPauses(TimeSpan.FromSeconds(1), Sentences));

    [Theory]
    [InlineData("moonshine-tiny")]
    [InlineData("moonshine-base")]
    public async Task A_recording_with_pauses_gives_one_result_per_sentence_in_order_when_utterances_are_not_joined(string model)
    {
        using var engine = new SpeechRecognitionEngine(
            new RecognitionOptions { PreloadModels = "", Endpointing = new EndpointingOptions { RecordingSegmentSpan = TimeSpan.Zero } }, TestPaths.ModelsDirectory);
        var audio = TestAudio.Linear16(ThreeSentences.Value);

        var transcript = await engine.RecognizeAsync(new RecognitionSettings(Linear16, Model: model), audio, TestContext.Current.CancellationToken);

        Assert.Equal(Sentences, transcript.Results.Select(result => result.Text));
        Assert.Equal([0, 1, 2], transcript.Results.Select(result => result.SegmentIndex));
        Assert.All(transcript.Results.Zip(transcript.Results.Skip(1)), pair => Assert.True(pair.First.EndOffset <= pair.Second.StartOffset));
        Assert.InRange(transcript.Results[0].StartOffset.TotalSeconds, 0.7, 1.0); // 1 s of silence minus padding
        Assert.Equal(TimeSpan.FromSeconds(ThreeSentences.Value.Length / 16_000.0), transcript.AudioDuration);
    }

    [Fact]
    public async Task By_default_a_recording_joins_nearby_utterances_into_one_decode()
    {
        var audio = TestAudio.Linear16(ThreeSentences.Value);

        var transcript = await models.Engine.RecognizeAsync(new RecognitionSettings(Linear16), audio, TestContext.Current.CancellationToken);

        var result = Assert.Single(transcript.Results);
        Assert.Equal(0, WordErrorRate.Compute(string.Join(' ', Sentences), result.Text).Errors);
        Assert.Equal(0, WordErrorRate.Compute(string.Join(' ', Sentences), transcript.Text).Errors);
    }

    [Fact]
    public void Utterances_are_joined_only_while_the_joined_span_fits()
    {
        // 32 ms frames: a 1 s span is 31 frames.
        List<UtteranceClosed> utterances =
        [
            new(0, 10, UtteranceEnd.Silence, false),
            new(15, 30, UtteranceEnd.Silence, false),
            new(40, 50, UtteranceEnd.Silence, false),
            new(52, 60, UtteranceEnd.EndOfStream, false),
        ];

        var merged = SpeechRecognitionEngine.Merge(utterances, TimeSpan.FromSeconds(1));

        // The joined spans keep count of their speech: 10 + 15 frames and 10 + 8 frames, without the pauses between.
        Assert.Equal<MergedUtterance>([new(new(0, 30, UtteranceEnd.Silence, false), 25), new(new(40, 60, UtteranceEnd.EndOfStream, false), 18)], merged);
        Assert.Equal(utterances, SpeechRecognitionEngine.Merge(utterances, TimeSpan.Zero).Select(m => m.Span));
    }

    [Fact]
    public async Task Silence_and_noise_give_no_results()
    {
        var silence = new float[16_000 * 3];
        var noise = TestAudio.Noise(TimeSpan.FromSeconds(3), 0.05f);

        foreach (var samples in new[] { silence, noise })
        {
            var transcript = await models.Engine.RecognizeAsync(new RecognitionSettings(Linear16), TestAudio.Linear16(samples), TestContext.Current.CancellationToken);
            Assert.Empty(transcript.Results);
        }
    }

    [Fact]
    public async Task A_50_ms_clip_gives_no_results_and_no_error()
    {
        var clip = TestAudio.Linear16(TestAudio.Noise(TimeSpan.FromMilliseconds(50), 0.5f));

        var transcript = await models.Engine.RecognizeAsync(new RecognitionSettings(Linear16), clip, TestContext.Current.CancellationToken);

        Assert.Empty(transcript.Results);
    }

    [Fact]
    public async Task Streaming_in_100_ms_chunks_reports_activity_interim_and_final_results()
    {
        var settings = new RecognitionSettings(Linear16, Model: RecognitionModelCatalog.MoonshineTiny, InterimResults: true, VoiceActivityEvents: true,
            Endpointing: new EndpointingOverrides(InterimInterval: TimeSpan.FromMilliseconds(300)));

        // At a live microphone's pace: interims are decoded while the stream keeps up with its audio.
        var events = await Stream(settings, TestAudio.Linear16(ThreeSentences.Value), chunkBytes: 3_200, TimeSpan.FromMilliseconds(100));

        var finals = events.OfType<TranscriptEvent>().Where(result => result.IsFinal).ToList();
        Assert.Equal(Sentences, finals.Select(result => result.Text));
        Assert.Equal([0, 1, 2], finals.Select(result => result.SegmentIndex));
        var activity = events.OfType<SpeechActivityEvent>().ToList();
        Assert.Equal([SpeechActivity.Began, SpeechActivity.Ended, SpeechActivity.Began, SpeechActivity.Ended, SpeechActivity.Began, SpeechActivity.Ended],
            activity.Select(e => e.Activity));
        Assert.Contains(events, e => e is TranscriptEvent { IsFinal: false });
        // Each utterance's events come in order: began, interims, ended, final; no interim after its final.
        for (var segment = 0; segment < 3; segment++)
        {
            var ofSegment = events.Where(e => e is SpeechActivityEvent a && a.SegmentIndex == segment || e is TranscriptEvent t && t.SegmentIndex == segment).ToList();
            Assert.Equal(SpeechActivity.Began, Assert.IsType<SpeechActivityEvent>(ofSegment[0]).Activity);
            Assert.True(Assert.IsType<TranscriptEvent>(ofSegment[^1]).IsFinal);
            Assert.Equal(SpeechActivity.Ended, Assert.IsType<SpeechActivityEvent>(ofSegment[^2]).Activity);
            Assert.All(ofSegment.OfType<TranscriptEvent>().SkipLast(1), interim => Assert.InRange(interim.Stability, 0f, 1f));
        }
    }

    [Fact]
    public async Task A_pause_shorter_than_the_endpointing_silence_keeps_one_final_with_every_word()
    {
        // espeak-ng ends each sentence with about 480 ms of silence: longer than the padding, so a final's early decode
        // starts in the pause, and shorter than the 600 ms endpointing silence, so it is discarded when speech resumes.
        var audio = TestAudio.Linear16([.. new float[8_000], .. SpokenAudio.Spoken("Tell me about yourself."), .. SpokenAudio.Spoken("My name is John Smith.")]);

        var events = await Stream(new RecognitionSettings(Linear16, Model: RecognitionModelCatalog.MoonshineTiny), audio, chunkBytes: 640);

        var final = Assert.Single(events.OfType<TranscriptEvent>());
        Assert.Equal(0, WordErrorRate.Compute("Tell me about yourself. My name is John Smith.", final.Text).Errors);
    }

    [Fact]
    public async Task Streaming_and_whole_recording_agree()
    {
        var audio = TestAudio.Linear16(ThreeSentences.Value);
        var settings = new RecognitionSettings(Linear16, Model: RecognitionModelCatalog.MoonshineTiny);

        var whole = await models.Engine.RecognizeAsync(settings, audio, TestContext.Current.CancellationToken);
        var streamed = await Stream(settings, audio, chunkBytes: 1_111);

        var streamedText = string.Join(' ', streamed.OfType<TranscriptEvent>().Select(result => result.Text));
        Assert.Equal(0, WordErrorRate.Compute(whole.Text, streamedText).Errors);
    }

    [Fact]
    public async Task A_resampled_stream_of_any_length_ends_with_its_final()
    {
        // At 22.05 kHz the resampler's tail arrives when the stream completes and, depending on the length, can
        // hold more than the rest of a voice activity frame.
        var speech = SpokenAudio.Spoken("Tell me about yourself.");
        var resampled = Resampler.Resample(speech, 16_000, 22_050);
        var settings = new RecognitionSettings(new RecognitionAudioFormat(RecognitionAudioEncoding.Linear16, 22_050), Model: RecognitionModelCatalog.MoonshineTiny);
        for (var trim = 0; trim < 720; trim += 24)
        {
            var events = await Stream(settings, TestAudio.Linear16(resampled[..^(trim + 1)]), chunkBytes: 4_410);
            Assert.Contains(events, e => e is TranscriptEvent { IsFinal: true, Text.Length: > 0 });
        }
    }

    [Fact]
    public async Task A_stream_past_the_maximum_duration_ends_with_the_limit_after_its_finals()
    {
        using var engine = new SpeechRecognitionEngine(new RecognitionOptions { MaxAudioDuration = TimeSpan.FromSeconds(3), PreloadModels = "" }, TestPaths.ModelsDirectory);
        var audio = TestAudio.Linear16(ThreeSentences.Value);
        var channel = Channel.CreateUnbounded<ReadOnlyMemory<byte>>();
        for (var offset = 0; offset < audio.Length; offset += 3_200)
        {
            channel.Writer.TryWrite(audio.AsMemory(offset, Math.Min(3_200, audio.Length - offset)));
        }
        channel.Writer.Complete();
        var received = new List<RecognitionEvent>();

        await Assert.ThrowsAsync<RecognitionLimitException>(async () =>
        {
            await foreach (var e in engine.Stream(new RecognitionSettings(Linear16, Model: RecognitionModelCatalog.MoonshineTiny), channel.Reader, TestContext.Current.CancellationToken))
            {
                received.Add(e);
            }
        });

        Assert.Equal("Tell me about yourself.", Assert.Single(received.OfType<TranscriptEvent>()).Text);
    }

    [Fact]
    public async Task Calls_over_the_capacity_are_refused_at_once()
    {
        using var engine = new SpeechRecognitionEngine(new RecognitionOptions { MaxConcurrentRecognitions = 1, PreloadModels = "" }, TestPaths.ModelsDirectory);
        var open = Channel.CreateUnbounded<ReadOnlyMemory<byte>>();
        var first = engine.Stream(new RecognitionSettings(Linear16, Model: RecognitionModelCatalog.MoonshineTiny), open.Reader, TestContext.Current.CancellationToken).GetAsyncEnumerator(TestContext.Current.CancellationToken);
        var firstMove = first.MoveNextAsync();

        var error = await Assert.ThrowsAsync<RecognitionCapacityException>(() =>
            engine.RecognizeAsync(new RecognitionSettings(Linear16, Model: RecognitionModelCatalog.MoonshineTiny), new byte[3_200], TestContext.Current.CancellationToken));

        Assert.Contains("MaxConcurrentRecognitions", error.Message, StringComparison.Ordinal);
        open.Writer.Complete();
        Assert.False(await firstMove);
        await first.DisposeAsync();
        var afterwards = await engine.RecognizeAsync(new RecognitionSettings(Linear16, Model: RecognitionModelCatalog.MoonshineTiny), new byte[3_200], TestContext.Current.CancellationToken);
        Assert.Empty(afterwards.Results);
    }

    [Theory]
    [InlineData("whisper-large", null, "config.model")]
    [InlineData(null, "fr-FR", "config.language_code")]
    public void Unknown_models_and_languages_are_refused_before_any_audio(string? model, string? language, string field)
    {
        var audio = Channel.CreateUnbounded<ReadOnlyMemory<byte>>();

        var error = Assert.Throws<RecognitionArgumentException>(() =>
            models.Engine.Stream(new RecognitionSettings(Linear16, language, model), audio.Reader, TestContext.Current.CancellationToken));

        Assert.Equal(field, error.Field);
    }

    [Theory]
    [InlineData(50, "config.endpointing.min_silence")]
    [InlineData(60_000, "config.endpointing.max_utterance")]
    public void Endpointing_outside_its_range_is_refused(int milliseconds, string field)
    {
        var duration = TimeSpan.FromMilliseconds(milliseconds);
        var overrides = field.EndsWith("min_silence", StringComparison.Ordinal)
            ? new EndpointingOverrides(MinSilence: duration)
            : new EndpointingOverrides(MaxUtterance: duration);

        var error = Assert.Throws<RecognitionArgumentException>(() =>
            models.Engine.Stream(new RecognitionSettings(Linear16, Endpointing: overrides), Channel.CreateUnbounded<ReadOnlyMemory<byte>>().Reader, TestContext.Current.CancellationToken));

        Assert.Equal(field, error.Field);
    }

    [Fact]
    public async Task Cancelling_a_stream_stops_it()
    {
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var audio = Channel.CreateUnbounded<ReadOnlyMemory<byte>>();
        audio.Writer.TryWrite(TestAudio.Linear16(ThreeSentences.Value));
        var stream = models.Engine.Stream(new RecognitionSettings(Linear16), audio.Reader, cancellation.Token);
        cancellation.CancelAfter(TimeSpan.FromMilliseconds(50));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in stream)
            {
            }
        });
        Assert.Equal(0, models.Engine.Admission.Active);
    }

    private Task<List<RecognitionEvent>> Stream(RecognitionSettings settings, byte[] audio, int chunkBytes, TimeSpan? chunkInterval = null) =>
        TestAudio.StreamAsync(models.Engine, settings, audio, chunkBytes, chunkInterval);
}
