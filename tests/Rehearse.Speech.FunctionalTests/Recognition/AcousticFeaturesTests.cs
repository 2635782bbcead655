using Google.Protobuf;
using Rehearse.Speech.V1;
using Rehearse.Testing;
using static Rehearse.Speech.FunctionalTests.Recognition.RecognitionClient;

namespace Rehearse.Speech.FunctionalTests.Recognition;

/// <summary>Acoustic features on final results, through the real gRPC service with the real models.</summary>
public sealed class AcousticFeaturesTests(SpeechServiceFixture service)
{
    private static readonly string[] Sentences = ["Tell me about yourself.", "My name is John Smith.", "Thank you for your time."];
    private static readonly Lazy<float[]> ThreeSentences = new(() => SpokenAudio.SentencesWithPauses(TimeSpan.FromSeconds(1), Sentences));

    // One utterance with a held "uh" after "I think" (about 1.45 to 1.75 s in), and the same without it.
    private static readonly Lazy<byte[]> Hesitant = new(() => Padded("I think, uhhhhhhhh, we should cache it."));
    private static readonly Lazy<byte[]> Fluent = new(() => Padded("I think we should cache it."));

    private static byte[] Padded(string text) => Linear16([.. new float[SampleRate / 2], .. SpokenAudio.Spoken(text), .. new float[SampleRate]]);

    private static RecognitionConfig Config(bool acoustics, bool interim = false) =>
        Linear16Config(model: "moonshine-tiny", interim: interim, acoustics: acoustics);

    [Fact]
    public async Task Streamed_finals_carry_the_features_of_their_utterance_and_interims_do_not()
    {
        var responses = await StreamAsync(service.CreateSpeechClient(), Config(acoustics: true, interim: true),
            Linear16(ThreeSentences.Value), 3_200, TimeSpan.FromMilliseconds(100), TestContext.Current.CancellationToken);

        var finals = Finals(responses);
        Assert.Equal(Sentences, finals.Select(f => f.Transcript));
        Assert.All(responses.Where(r => r.Result is { IsFinal: false }), r => Assert.Null(r.Result.AcousticFeatures));
        foreach (var final in finals)
        {
            var features = final.AcousticFeatures;
            Assert.NotNull(features);
            var span = final.EndOffset.ToTimeSpan() - final.StartOffset.ToTimeSpan();
            // The speech is the utterance without its 200 ms of padding either side.
            Assert.InRange(features.SpeechDuration.ToTimeSpan(), span - TimeSpan.FromMilliseconds(500), span - TimeSpan.FromMilliseconds(300));
            Assert.InRange(features.VoicedDuration.ToTimeSpan(), features.SpeechDuration.ToTimeSpan() / 4, features.SpeechDuration.ToTimeSpan());
            Assert.Empty(features.Hesitations);
            // The synthesized voice ends its statements falling (its last syllables are not quieter than the rest).
            Assert.Equal(PitchTrend.Falling, features.FinalPitchTrend);
            Assert.True(features.FinalPitchSlope < -2, $"{final.Transcript}: {features}");
            Assert.InRange(features.FinalLevelDb, -20, 10);
        }
    }

    [Fact]
    public async Task A_held_uh_inside_an_utterance_is_reported_where_it_is_in_the_call()
    {
        var client = service.CreateSpeechClient();

        var hesitant = await StreamAsync(client, Config(acoustics: true), Hesitant.Value, 3_200, cancellationToken: TestContext.Current.CancellationToken);
        var fluent = await StreamAsync(client, Config(acoustics: true), Fluent.Value, 3_200, cancellationToken: TestContext.Current.CancellationToken);

        var hesitation = Assert.Single(Assert.Single(Finals(hesitant)).AcousticFeatures.Hesitations);
        Assert.InRange(hesitation.StartOffset.ToTimeSpan().TotalSeconds, 1.3, 1.6);
        Assert.InRange(hesitation.EndOffset.ToTimeSpan().TotalSeconds, 1.6, 1.9);
        Assert.Empty(Assert.Single(Finals(fluent)).AcousticFeatures.Hesitations);
    }

    [Fact]
    public async Task Whole_file_results_carry_the_features_and_a_joined_result_counts_only_its_speech()
    {
        var client = service.CreateSpeechClient();
        var audio = Linear16(ThreeSentences.Value);

        var whole = await client.RecognizeAsync(new RecognizeRequest { Config = Config(acoustics: true), Audio = ByteString.CopyFrom(audio) },
            cancellationToken: TestContext.Current.CancellationToken);
        var streamed = await StreamAsync(client, Config(acoustics: true), audio, 3_200, cancellationToken: TestContext.Current.CancellationToken);
        var hesitant = await client.RecognizeAsync(new RecognizeRequest { Config = Config(acoustics: true), Audio = ByteString.CopyFrom(Hesitant.Value) },
            cancellationToken: TestContext.Current.CancellationToken);
        var hesitantStreamed = await StreamAsync(client, Config(acoustics: true), Hesitant.Value, 3_200, cancellationToken: TestContext.Current.CancellationToken);

        // The three sentences are decoded together; their speech is that of the three utterances a stream gets,
        // without the pauses between them.
        var result = Assert.Single(whole.Results);
        Assert.Equal(3, Finals(streamed).Count);
        Assert.Equal(Finals(streamed).Sum(f => f.AcousticFeatures.SpeechDuration.ToTimeSpan().Ticks), result.AcousticFeatures.SpeechDuration.ToTimeSpan().Ticks);
        Assert.True(result.EndOffset.ToTimeSpan() - result.StartOffset.ToTimeSpan() - result.AcousticFeatures.SpeechDuration.ToTimeSpan() > TimeSpan.FromSeconds(2));
        Assert.Equal(PitchTrend.Falling, result.AcousticFeatures.FinalPitchTrend);
        Assert.Empty(result.AcousticFeatures.Hesitations);
        Assert.Equal(Finals(hesitantStreamed).Single().AcousticFeatures.Hesitations, hesitant.Results.Single().AcousticFeatures.Hesitations);
    }

    [Fact]
    public async Task Without_the_flag_no_result_carries_features()
    {
        var client = service.CreateSpeechClient();
        var audio = Hesitant.Value;

        var streamed = await StreamAsync(client, Config(acoustics: false), audio, 3_200, cancellationToken: TestContext.Current.CancellationToken);
        var whole = await client.RecognizeAsync(new RecognizeRequest { Config = Config(acoustics: false), Audio = ByteString.CopyFrom(audio) },
            cancellationToken: TestContext.Current.CancellationToken);

        Assert.NotEmpty(Finals(streamed));
        Assert.All(Finals(streamed), f => Assert.Null(f.AcousticFeatures));
        Assert.NotEmpty(whole.Results);
        Assert.All(whole.Results, r => Assert.Null(r.AcousticFeatures));
    }
}
