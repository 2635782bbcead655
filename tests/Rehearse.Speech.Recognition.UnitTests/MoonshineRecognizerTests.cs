using Rehearse.Speech.Audio;
using Rehearse.Speech.Recognition.Moonshine;
using Rehearse.Testing;

namespace Rehearse.Speech.Recognition.UnitTests;

public sealed class MoonshineRecognizerTests(ModelFixture models)
{
    [Theory]
    [InlineData("moonshine-tiny")]
    [InlineData("moonshine-base")]
    public void Transcribes_a_real_recording_word_for_word(string model)
    {
        var clip = SpeechCorpus.Find("whisper_jfk.wav");
        if (clip is null)
        {
            Assert.Skip("The shared recordings (../shared/testdata/speech) are not present.");
        }
        var audio = WavFile.Read(File.ReadAllBytes(clip.File));

        var transcript = models.Engine.Models.Get(model).Transcribe(audio.Samples, TestContext.Current.CancellationToken);

        Assert.Equal(0, WordErrorRate.Compute(clip.Reference, transcript.Text).Errors);
        Assert.False(transcript.StoppedByRunawayGuard);
        Assert.InRange(transcript.Confidence, 0.5f, 1f);
    }

    [Theory]
    [InlineData("moonshine-tiny")]
    [InlineData("moonshine-base")]
    public void Transcribes_a_short_synthesized_sentence(string model)
    {
        var samples = SpokenAudio.Spoken("Please describe a difficult project.");

        var transcript = models.Engine.Models.Get(model).Transcribe(samples, TestContext.Current.CancellationToken);

        Assert.Equal("Please describe a difficult project.", transcript.Text);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(400)]
    [InlineData(800)]
    [InlineData(894)]
    public void Clips_shorter_than_the_encoder_minimum_do_not_fail(int samples)
    {
        var clip = TestAudio.Noise(TimeSpan.FromSeconds(samples / 16_000.0), 0.3f);

        var transcript = models.Tiny.Transcribe(clip, TestContext.Current.CancellationToken);

        Assert.True(transcript.TokenCount <= MoonshineDecodingLimits.Default.MaxTokensFor(TimeSpan.FromSeconds(samples / 16_000.0)));
    }

    [Theory]
    [InlineData("moonshine-tiny")]
    [InlineData("moonshine-base")]
    public void Loud_noise_and_clipping_stay_within_the_token_cap(string model)
    {
        var recognizer = models.Engine.Models.Get(model);
        var noise = TestAudio.Noise(TimeSpan.FromSeconds(3), 1f);
        var clipped = SpokenAudio.Spoken("Tell me about yourself.").Select(sample => Math.Clamp(sample * 20, -1f, 1f)).ToArray();

        foreach (var samples in new[] { noise, clipped })
        {
            var transcript = recognizer.Transcribe(samples, TestContext.Current.CancellationToken);
            Assert.True(transcript.TokenCount <= MoonshineDecodingLimits.Default.MaxTokensFor(TimeSpan.FromSeconds(samples.Length / 16_000.0)));
        }
    }

    [Fact]
    public void The_decoding_cap_allows_ten_tokens_a_second_plus_a_few()
    {
        Assert.Equal(6, MoonshineDecodingLimits.Default.MaxTokensFor(TimeSpan.Zero));
        Assert.Equal(31, MoonshineDecodingLimits.Default.MaxTokensFor(TimeSpan.FromSeconds(2.5)));
        Assert.Equal(106, MoonshineDecodingLimits.Default.MaxTokensFor(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void A_block_of_eight_or_more_tokens_repeated_at_the_end_is_a_loop_and_shorter_repeats_are_speech()
    {
        var limits = MoonshineDecodingLimits.Default;
        int[] phrase = [11, 12, 13, 14, 15, 16, 17, 18, 19];

        Assert.Equal(9, limits.RepeatedTail([1, 2, .. phrase, .. phrase]));
        Assert.Equal(8, limits.RepeatedTail([.. phrase[..8], .. phrase[..8]]));
        // "the driver, the driver": people repeat short phrases.
        Assert.Equal(0, limits.RepeatedTail([1, 2, 3, 4, 1, 2, 3, 4]));
        Assert.Equal(0, limits.RepeatedTail([.. phrase, .. phrase, 99]));
        Assert.Equal(0, limits.RepeatedTail([.. phrase, 50, .. phrase[1..]]));
        Assert.Equal(0, limits.RepeatedTail([]));
    }

    [Fact]
    public void A_capped_decode_reports_that_it_hit_the_cap()
    {
        using var recognizer = MoonshineRecognizer.Load("moonshine-tiny", Path.Combine(TestPaths.ModelsDirectory, "moonshine-tiny"),
            MoonshineVocabulary.Load(Path.Combine(TestPaths.ModelsDirectory, "moonshine", "vocab.json")),
            new Speech.Onnx.OnnxSessionSettings(1), new MoonshineDecodingLimits(TokensPerSecond: 0, ExtraTokens: 3));

        var transcript = recognizer.Transcribe(SpokenAudio.Spoken("Tell me about a project you are proud of."), TestContext.Current.CancellationToken);

        Assert.Equal(3, transcript.TokenCount);
        Assert.True(transcript.StoppedByRunawayGuard);
        Assert.NotEmpty(transcript.Text);
    }

    [Fact]
    public void A_cancelled_decode_stops_with_OperationCanceledException()
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(30));
        var long_ = TestAudio.Noise(TimeSpan.FromSeconds(30), 0.2f);

        var started = System.Diagnostics.Stopwatch.StartNew();
        Assert.ThrowsAny<OperationCanceledException>(() => models.Base.Transcribe(long_, cancellation.Token));
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(1), $"took {started.Elapsed}");
    }
}
