using Grpc.Core;
using Rehearse.Speech.Audio;
using Rehearse.Speech.V1;
using static Rehearse.Speech.FunctionalTests.Synthesis.SynthesisClient;

namespace Rehearse.Speech.FunctionalTests.Synthesis;

/// <summary>Synthesis through the real gRPC service with the real voice, checked by the service's own recognizer.</summary>
public sealed class SynthesisTests(SpeechServiceFixture service)
{
    private const string Sentence = "Tell me about a project you are proud of and the role you played in it.";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Linear16_at_16_kHz_has_a_plausible_duration_and_says_the_text()
    {
        var client = service.CreateSpeechClient();
        var config = new SynthesisConfig { AudioFormat = new AudioFormat { Encoding = AudioEncoding.Linear16, SampleRateHertz = 16000 } };
        var responses = (await SynthesizeAsync(client, Sentence, config)).Select(r => r.Response).ToList();

        Assert.Equal(new AudioFormat { Encoding = AudioEncoding.Linear16, SampleRateHertz = 16000, ChannelCount = 1 }, responses[0].AudioFormat);
        Assert.All(responses.Skip(1), r => Assert.Null(r.AudioFormat));
        var audio = AudioBytes(responses);
        var seconds = audio.Length / 2 / 16000.0;
        // Fifteen words at a conversational 2-5.5 words per second.
        Assert.InRange(seconds, 2.7, 8.0);
        Assert.Equal(seconds, Length(responses).TotalSeconds, 3);
        AssertSays(Sentence, await TranscribeAsync(client, audio, new AudioFormat { Encoding = AudioEncoding.Linear16, SampleRateHertz = 16000 }), 0.1);
    }

    [Fact]
    public async Task Wav_output_is_one_valid_file_with_the_header_first_and_says_the_text()
    {
        var client = service.CreateSpeechClient();
        // Plain words: a homophone ("caching" / "cashing") is a coin toss for any recognizer.
        const string text = "Good morning. Let's talk about your last project.";
        var config = new SynthesisConfig { Voice = "", AudioFormat = new AudioFormat { Encoding = AudioEncoding.Wav, SampleRateHertz = 24000 } };
        var responses = (await SynthesizeAsync(client, text, config)).Select(r => r.Response).ToList();

        Assert.True(WavFile.LooksLikeWav(responses[0].Audio.Span));
        var file = AudioBytes(responses);
        var wav = WavFile.Read(file);
        Assert.Equal(new PcmFormat(SampleEncoding.Linear16, 24000, 1), wav.SourceFormat);
        Assert.Equal(Length(responses).TotalSeconds, wav.Samples.Length / 24000.0, 3);
        AssertSays(text, await TranscribeAsync(client, file, new AudioFormat { Encoding = AudioEncoding.Wav }), 0.15);
    }

    [Fact]
    public async Task Float32_at_the_native_rate_is_in_range_and_matches_the_chunk_timing()
    {
        var config = new SynthesisConfig { AudioFormat = new AudioFormat { Encoding = AudioEncoding.Float32 }, SpeakingRate = 1.2f, Variation = 0.5f };
        var responses = (await SynthesizeAsync(service.CreateSpeechClient(), "Why do you want this job?", config)).Select(r => r.Response).ToList();

        Assert.Equal(new AudioFormat { Encoding = AudioEncoding.Float32, SampleRateHertz = 22050, ChannelCount = 1 }, responses[0].AudioFormat);
        var samples = Samples(AudioBytes(responses), SampleEncoding.Float32, 22050);
        Assert.Equal(Length(responses).TotalSeconds, samples.Length / 22050.0, 3);
        Assert.InRange(AudioLevels.Peak(samples), 0.1f, 1f);
    }

    [Fact]
    public async Task Chunks_carry_contiguous_offsets_and_the_sentence_they_belong_to()
    {
        const string text = "Hi, I'm your interviewer today. The role pays $120k. Shall we start?";
        var config = new SynthesisConfig { ChunkDuration = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromMilliseconds(250)) };
        var responses = (await SynthesizeAsync(service.CreateSpeechClient(), text, config)).Select(r => r.Response).ToList();

        var position = TimeSpan.Zero;
        foreach (var response in responses)
        {
            Assert.Equal(position, response.Offset.ToTimeSpan());
            Assert.True(response.Duration.ToTimeSpan() <= TimeSpan.FromMilliseconds(250));
            Assert.Equal(response.Audio.Length / 2, (int)Math.Round(response.Duration.ToTimeSpan().TotalSeconds * 22050));
            position += response.Duration.ToTimeSpan();
        }
        Assert.Equal(
            ["Hi, I'm your interviewer today.", "The role pays $120k.", "Shall we start?"],
            responses.Select(r => r.SentenceText).Distinct());
        Assert.Equal([0, 1, 2], responses.Where(r => r.SentenceEnd).Select(r => r.SentenceIndex));
        Assert.True(responses[^1].SentenceEnd);
    }

    [Fact]
    public async Task The_first_chunk_arrives_long_before_a_long_text_is_synthesized()
    {
        var text = string.Join(' ', Enumerable.Range(1, 6).Select(i =>
            $"Question {i}: how would you design a rate limiter for a public API that serves millions of users every day?"));
        var responses = await SynthesizeAsync(service.CreateSpeechClient(), text);

        // Streamed, the first of six like sentences comes after about a sixth of the time; synthesized whole, the
        // first chunk would come with the last. The bound sits between the two, far from both, for a busy machine.
        var first = responses[0].At;
        var last = responses[^1].At;
        Assert.True(first < last * 0.6, $"first chunk after {first.TotalMilliseconds:0} ms, last after {last.TotalMilliseconds:0} ms");
        Assert.Equal(6, responses.Select(r => r.Response.SentenceIndex).Distinct().Count());
    }

    [Fact]
    public async Task Streaming_text_starts_speaking_at_the_first_complete_sentence_before_the_text_ends()
    {
        using var call = service.CreateSpeechClient().StreamingSynthesize(cancellationToken: Token);
        var config = new SynthesisConfig { AudioFormat = new AudioFormat { Encoding = AudioEncoding.Linear16, SampleRateHertz = 16000 } };
        await call.RequestStream.WriteAsync(new StreamingSynthesizeRequest { Config = config }, Token);
        foreach (var fragment in new[] { "Great", " answer", ". Now", " tell me", " about your" })
        {
            await call.RequestStream.WriteAsync(new StreamingSynthesizeRequest { Text = fragment }, Token);
        }
        // The request stream is still open: the first sentence must be spoken without waiting for the rest.
        Assert.True(await call.ResponseStream.MoveNext(Token).WaitAsync(TimeSpan.FromSeconds(30), Token));
        var responses = new List<SynthesizeResponse> { call.ResponseStream.Current };
        Assert.Equal("Great answer.", responses[0].SentenceText);
        Assert.NotNull(responses[0].AudioFormat);

        await call.RequestStream.WriteAsync(new StreamingSynthesizeRequest { Text = " weaknesses" }, Token);
        await call.RequestStream.WriteAsync(new StreamingSynthesizeRequest { Flush = true }, Token);
        await call.RequestStream.WriteAsync(new StreamingSynthesizeRequest { Text = "Take your time." }, Token);
        await call.RequestStream.CompleteAsync();
        await foreach (var response in call.ResponseStream.ReadAllAsync(Token))
        {
            responses.Add(response);
        }

        Assert.Equal(
            ["Great answer.", "Now tell me about your weaknesses", "Take your time."],
            responses.Select(r => r.SentenceText).Distinct());
        var audio = AudioBytes(responses);
        AssertSays(
            "Great answer. Now tell me about your weaknesses. Take your time.",
            await TranscribeAsync(service.CreateSpeechClient(), audio, new AudioFormat { Encoding = AudioEncoding.Linear16, SampleRateHertz = 16000 }),
            0.15);
    }

    [Fact]
    public async Task ListVoices_lists_the_curated_voices_with_their_details()
    {
        var client = service.CreateSpeechClient();
        var all = await client.ListVoicesAsync(new ListVoicesRequest(), cancellationToken: Token);

        Assert.True(all.Voices.Count >= 10, $"{all.Voices.Count} voices");
        Assert.Equal(all.Voices.Count, all.Voices.Select(v => v.Id).Distinct().Count());
        Assert.All(all.Voices, v =>
        {
            Assert.False(string.IsNullOrWhiteSpace(v.DisplayName));
            Assert.Equal("en-US", v.LanguageCode);
            Assert.Equal(22050, v.NativeSampleRateHertz);
            Assert.Equal("piper", v.Family);
            Assert.NotEqual(VoiceGender.Unspecified, v.Gender);
        });
        Assert.Contains(all.Voices, v => v.Gender == VoiceGender.Female);
        Assert.Contains(all.Voices, v => v.Gender == VoiceGender.Male);
        Assert.Equal(all.Voices, (await client.ListVoicesAsync(new ListVoicesRequest { LanguageCode = "en" }, cancellationToken: Token)).Voices);
        Assert.Empty((await client.ListVoicesAsync(new ListVoicesRequest { LanguageCode = "de-DE" }, cancellationToken: Token)).Voices);
    }

    [Fact]
    public async Task Every_listed_voice_and_a_raw_speaker_can_speak()
    {
        var client = service.CreateSpeechClient();
        var voices = (await client.ListVoicesAsync(new ListVoicesRequest(), cancellationToken: Token)).Voices.Select(v => v.Id).Append("speaker:903");
        foreach (var voice in voices)
        {
            var responses = (await SynthesizeAsync(client, "Yes.", new SynthesisConfig { Voice = voice })).Select(r => r.Response).ToList();
            Assert.InRange(Length(responses).TotalSeconds, 0.2, 2.0);
        }
    }
}
