using System.Threading.Channels;
using Rehearse.Speech.Recognition.Engine;
using Rehearse.Speech.Recognition.Input;
using Rehearse.Speech.Recognition.Streaming;
using Rehearse.Speech.Recognition.Turns;
using Rehearse.Testing;

namespace Rehearse.Speech.Recognition.UnitTests.Turns;

/// <summary>Turn decisions of a stream over synthesized speech and the real models.</summary>
[Collection(EngineStreamsCollection.Name)]
public sealed class TurnDetectionStreamTests(ModelFixture models)
{
    private static readonly RecognitionAudioFormat Linear16 = new(RecognitionAudioEncoding.Linear16, 16_000);
    private const int ChunkBytes = 640; // 20 ms

    private static RecognitionSettings Settings(TurnDetectionOverrides? turns = null, bool acoustics = false) =>
        new(Linear16, Model: RecognitionModelCatalog.MoonshineBase, VoiceActivityEvents: true, AcousticFeatures: acoustics,
            TurnDetection: turns ?? new TurnDetectionOverrides(true));

    /// <summary>Half a second of silence, then each part: a string is spoken, a number is seconds of silence.</summary>
    internal static byte[] Audio(params object[] parts)
    {
        var samples = new List<float>(new float[TestAudio.SampleRate / 2]);
        foreach (var part in parts)
        {
            samples.AddRange(part switch
            {
                string text => SpokenAudio.Spoken(text),
                double seconds => new float[(int)(seconds * TestAudio.SampleRate)],
                _ => throw new ArgumentException($"not a part: {part}"),
            });
        }
        return TestAudio.Linear16([.. samples]);
    }

    /// <summary>
    /// Streams <paramref name="audio"/> in 20 ms chunks through a channel that holds one chunk, and returns each event
    /// with how much audio had been handed to the stream when it arrived: within a chunk or two of the audio the stream
    /// had analysed when it decided.
    /// </summary>
    internal static async Task<List<(RecognitionEvent Event, TimeSpan Heard)>> RunAsync(SpeechRecognitionEngine engine, byte[] audio, RecognitionSettings settings)
    {
        var channel = Channel.CreateBounded<ReadOnlyMemory<byte>>(1);
        long written = 0;
        var writer = Task.Run(async () =>
        {
            for (var offset = 0; offset < audio.Length; offset += ChunkBytes)
            {
                await channel.Writer.WriteAsync(audio.AsMemory(offset, Math.Min(ChunkBytes, audio.Length - offset)), TestContext.Current.CancellationToken);
                Interlocked.Exchange(ref written, offset + ChunkBytes);
            }
            channel.Writer.Complete();
        });
        var events = new List<(RecognitionEvent, TimeSpan)>();
        await foreach (var e in engine.Stream(settings, channel.Reader, TestContext.Current.CancellationToken))
        {
            events.Add((e, TimeSpan.FromSeconds(Math.Min(Interlocked.Read(ref written), audio.Length) / 2.0 / TestAudio.SampleRate)));
        }
        await writer;
        return events;
    }

    private async Task<List<RecognitionEvent>> Run(byte[] audio, RecognitionSettings? settings = null) =>
        [.. (await RunAsync(models.Engine, audio, settings ?? Settings())).Select(x => x.Event)];

    private static List<TurnEvent> Turns(IEnumerable<RecognitionEvent> events, TurnEventKind? kind = null) =>
        [.. events.OfType<TurnEvent>().Where(e => kind is null || e.Kind == kind)];

    [Fact]
    public async Task A_finished_sentence_begins_a_turn_early_and_ends_it_after_a_short_wait()
    {
        var events = await RunAsync(models.Engine, Audio("I led the migration of our payment system to Kubernetes.", 2.0), Settings());

        var onset = events.Select(x => x.Event).OfType<SpeechActivityEvent>().First(e => e.Activity == SpeechActivity.Began).Offset;
        var (began, heard) = events.Single(x => x.Event is TurnEvent { Kind: TurnEventKind.TurnBegan });
        Assert.Equal(onset, ((TurnEvent)began).Offset);
        // Decided on the first 250 ms of speech (the onset is found 160 ms in), give or take the chunk in flight.
        Assert.InRange(heard - onset, TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(400));
        var speechEnded = events.Select(x => x.Event).OfType<SpeechActivityEvent>().Single(e => e.Activity == SpeechActivity.Ended);
        var estimate = Assert.Single(Turns(events.Select(x => x.Event), TurnEventKind.EndEstimate));
        Assert.Equal(speechEnded.Offset, estimate.Offset);
        Assert.True(estimate.Estimate!.Probability > 0.8, $"p = {estimate.Estimate.Probability}");
        Assert.Equal(TurnCue.CompleteThought, estimate.Estimate.Cues[0]);
        var ended = Assert.Single(Turns(events.Select(x => x.Event), TurnEventKind.TurnEnded));
        Assert.Equal(estimate.Offset + estimate.Estimate.Wait, ended.Offset);
        Assert.True(estimate.Estimate.Wait < TimeSpan.FromMilliseconds(700), $"wait {estimate.Estimate.Wait}");
        // In audio-time order: began, ..., final, estimate, ended.
        var order = events.Select(x => x.Event).ToList();
        Assert.True(order.IndexOf(began) < order.IndexOf(speechEnded));
        Assert.Equal(order.IndexOf(estimate) + 1, order.IndexOf(ended));
        Assert.IsType<TranscriptEvent>(order[order.IndexOf(estimate) - 1]);
        Assert.Empty(Turns(order, TurnEventKind.Backchannel));
    }

    [Fact]
    public async Task A_pause_after_because_is_waited_out_and_the_turn_ends_after_the_rest()
    {
        var events = await Run(Audio("We chose Postgres because", 3.0, "the team already knew it well.", 1.5));

        var estimates = Turns(events, TurnEventKind.EndEstimate);
        Assert.Equal(2, estimates.Count);
        Assert.Equal(TurnCue.TrailingConnective, estimates[0].Estimate!.Cues[0]);
        Assert.True(estimates[0].Estimate!.Wait > TimeSpan.FromSeconds(3), $"wait {estimates[0].Estimate!.Wait}");
        Assert.Equal(1, Assert.Single(Turns(events, TurnEventKind.TurnEnded)).SegmentIndex);
        Assert.Equal([0, 1], Turns(events, TurnEventKind.TurnBegan).Select(e => e.SegmentIndex));
    }

    [Theory]
    [InlineData("Yeah.")]
    [InlineData("Okay.")]
    [InlineData("Right.")]
    public async Task A_backchannel_begins_no_turn(string backchannel)
    {
        var events = await Run(Audio(backchannel, 1.5));

        Assert.Empty(Turns(events, TurnEventKind.TurnBegan));
        var heard = Assert.Single(Turns(events, TurnEventKind.Backchannel));
        Assert.Equal(events.OfType<SpeechActivityEvent>().Single(e => e.Activity == SpeechActivity.Ended).Offset, heard.Offset);
        Assert.False(Backchannels.HasTurnWord(heard.Transcript), heard.Transcript);
    }

    [Fact]
    public async Task At_the_end_of_the_audio_no_turn_end_is_invented()
    {
        var events = await Run(Audio("Thank you for your time."));

        Assert.Single(Turns(events, TurnEventKind.EndEstimate));
        Assert.Empty(Turns(events, TurnEventKind.TurnEnded));
    }

    [Fact]
    public async Task Features_are_measured_for_the_estimate_but_reported_only_when_asked()
    {
        var audio = Audio("Thank you for your time.", 1.0);

        var unasked = await Run(audio);
        var asked = await Run(audio, Settings(acoustics: true));
        var off = await Run(audio, new RecognitionSettings(Linear16, Model: RecognitionModelCatalog.MoonshineBase));

        Assert.Contains(TurnCue.FallingPitch, Turns(unasked, TurnEventKind.EndEstimate).Single().Estimate!.Cues);
        Assert.Null(unasked.OfType<TranscriptEvent>().Single().Acoustics);
        Assert.NotNull(asked.OfType<TranscriptEvent>().Single().Acoustics);
        Assert.Empty(off.OfType<TurnEvent>());
    }

    [Theory]
    [InlineData(50, null, null, "config.turn_detection.min_wait")]
    [InlineData(null, 40_000, null, "config.turn_detection.max_wait")]
    [InlineData(null, null, 5_000, "config.turn_detection.max_backchannel")]
    [InlineData(8_000, null, null, "config.turn_detection.min_wait")]
    [InlineData(null, 400, null, "config.turn_detection.max_wait")]
    [InlineData(null, 1_000, null, null)]
    public void Turn_detection_settings_outside_their_ranges_are_refused(int? minWait, int? maxWait, int? maxBackchannel, string? field)
    {
        static TimeSpan? Ms(int? value) => value is { } ms ? TimeSpan.FromMilliseconds(ms) : null;
        var settings = Settings(new TurnDetectionOverrides(true, Ms(minWait), Ms(maxWait), Ms(maxBackchannel)));
        var audio = Channel.CreateUnbounded<ReadOnlyMemory<byte>>().Reader;

        if (field is null)
        {
            Assert.NotNull(models.Engine.Stream(settings, audio, TestContext.Current.CancellationToken));
            return;
        }
        var error = Assert.Throws<RecognitionArgumentException>(() => models.Engine.Stream(settings, audio, TestContext.Current.CancellationToken));
        Assert.Equal(field, error.Field);
    }
}
