using Google.Protobuf;
using Rehearse.Speech.Audio;
using Rehearse.Speech.V1;
using Rehearse.Testing;
using static Rehearse.Speech.FunctionalTests.Recognition.RecognitionClient;

namespace Rehearse.Speech.FunctionalTests.Recognition;

/// <summary>Recognition through the real gRPC service with the real models.</summary>
public sealed class RecognitionTests(SpeechServiceFixture service)
{
    private static readonly string[] Sentences = ["Tell me about yourself.", "My name is John Smith.", "Thank you for your time."];
    private static readonly Lazy<float[]> ThreeSentences = new(() => SpokenAudio.SentencesWithPauses(TimeSpan.FromSeconds(1), Sentences));

    // JFK's "ask not" passage: real speech with pauses, so the stream holds several utterances.
    private const string RealClip = "whisper_jfk.wav";

    [Theory]
    [InlineData("moonshine-base", 0.05)]
    [InlineData("moonshine-tiny", 0.15)] // tiny hears "ask not" as "as not" once the passage is cut at its pauses
    public async Task A_real_recording_streamed_in_100_ms_chunks_gives_events_interims_and_accurate_finals(string model, double maxWordErrorRate)
    {
        var clip = SpeechCorpus.Find(RealClip) ?? SkipWithoutSharedRecordings();
        var audio = await File.ReadAllBytesAsync(clip.File, TestContext.Current.CancellationToken);
        var config = new RecognitionConfig
        {
            AudioFormat = new AudioFormat { Encoding = AudioEncoding.Wav },
            Model = model,
            InterimResults = true,
            VoiceActivityEvents = true,
            LanguageCode = "en-US",
        };

        // 100 ms of 16-bit 16 kHz mono is 3,200 bytes; the first chunk starts with the WAV header. Sent at five times
        // real time, so the stream catches up between chunks and has room for interim decodes on a busy machine.
        var responses = await StreamAsync(service.CreateSpeechClient(), config, audio, 3_200, TimeSpan.FromMilliseconds(20), TestContext.Current.CancellationToken);

        var events = responses.Where(r => r.SpeechEvent is not null).Select(r => r.SpeechEvent).ToList();
        var finals = Finals(responses);
        Assert.NotEmpty(finals);
        Assert.Equal(events.Count(e => e.Type == SpeechEventType.SpeechBegan), events.Count(e => e.Type == SpeechEventType.SpeechEnded));
        Assert.Equal(finals.Count, events.Count(e => e.Type == SpeechEventType.SpeechEnded));
        Assert.Equal(Enumerable.Range(0, finals.Count), finals.Select(f => f.SegmentIndex));
        Assert.Contains(responses, r => r.Result is { IsFinal: false });
        var wer = WordErrorRate.Compute(clip.Reference, FinalText(responses));
        Assert.True(wer.Rate <= maxWordErrorRate, $"WER {wer.Rate:P1}: {FinalText(responses)}");
        Assert.All(finals, f => Assert.InRange(f.Confidence, 0.3f, 1f));
        Assert.All(finals.Zip(finals.Skip(1)), pair => Assert.True(pair.First.EndOffset.ToTimeSpan() <= pair.Second.StartOffset.ToTimeSpan()));
        Assert.InRange(finals[^1].EndOffset.ToTimeSpan().TotalSeconds, 8, clip.DurationSeconds + 0.01);
    }

    [Fact]
    public async Task Whole_file_recognition_of_a_real_recording_matches_its_reference_and_the_stream()
    {
        var clip = SpeechCorpus.Find(RealClip) ?? SkipWithoutSharedRecordings();
        var audio = await File.ReadAllBytesAsync(clip.File, TestContext.Current.CancellationToken);
        var config = new RecognitionConfig { AudioFormat = new AudioFormat { Encoding = AudioEncoding.Wav } };
        var client = service.CreateSpeechClient();

        var whole = await client.RecognizeAsync(new RecognizeRequest { Config = config, Audio = ByteString.CopyFrom(audio) },
            cancellationToken: TestContext.Current.CancellationToken);
        var streamed = await StreamAsync(client, config, audio, 3_200, cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(WordErrorRate.Compute(clip.Reference, whole.Transcript).Rate <= 0.05, whole.Transcript);
        Assert.True(WordErrorRate.Compute(clip.Reference, FinalText(streamed)).Rate <= 0.05, FinalText(streamed));
        Assert.Equal(clip.DurationSeconds, whole.AudioDuration.ToTimeSpan().TotalSeconds, 2);
        Assert.Equal(string.Join(' ', whole.Results.Select(r => r.Transcript)), whole.Transcript);
    }

    [Theory]
    [InlineData("moonshine-base")]
    [InlineData("moonshine-tiny")]
    public async Task Sentences_separated_by_pauses_stream_as_one_final_per_sentence(string model)
    {
        // At the pace of a live microphone: interim results are decoded while the stream keeps up with its audio.
        var responses = await StreamAsync(service.CreateSpeechClient(), Linear16Config(model: model, interim: true, events: true),
            Linear16(ThreeSentences.Value), 3_200, TimeSpan.FromMilliseconds(100), TestContext.Current.CancellationToken);

        Assert.Equal(Sentences, Finals(responses).Select(f => f.Transcript));
        var kinds = responses.Select(r => r.SpeechEvent?.Type.ToString() ?? (r.Result.IsFinal ? "final" : "interim"))
            .Where(kind => kind != "interim").ToList();
        Assert.Equal(["SpeechBegan", "SpeechEnded", "final", "SpeechBegan", "SpeechEnded", "final", "SpeechBegan", "SpeechEnded", "final"], kinds);
        var interims = responses.Where(r => r.Result is { IsFinal: false }).Select(r => r.Result).ToList();
        Assert.NotEmpty(interims);
        Assert.All(interims, interim => Assert.InRange(interim.Stability, 0f, 1f));
        Assert.All(Finals(responses), final => Assert.Equal(1f, final.Stability));
    }

    [Fact]
    public async Task Stereo_48_kHz_audio_is_down_mixed_and_resampled()
    {
        var mono = Resampler.Resample(ThreeSentences.Value, SampleRate, 48_000);
        var stereo = new float[mono.Length * 2];
        for (var i = 0; i < mono.Length; i++)
        {
            stereo[2 * i] = mono[i];
            stereo[2 * i + 1] = mono[i] * 0.5f;
        }

        var responses = await StreamAsync(service.CreateSpeechClient(), Linear16Config(48_000, channels: 2, model: "moonshine-tiny"),
            Linear16(stereo), 19_200, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(Sentences, Finals(responses).Select(f => f.Transcript));
    }

    [Theory]
    [InlineData(AudioEncoding.Float32, 24_000)]
    [InlineData(AudioEncoding.Mulaw, 16_000)]
    [InlineData(AudioEncoding.Linear16, 44_100)]
    public async Task Whole_recordings_in_each_raw_encoding_are_recognized(AudioEncoding encoding, int rate)
    {
        var samples = Resampler.Resample(ThreeSentences.Value, SampleRate, rate);
        var bytes = PcmCodec.Encode(samples, encoding switch
        {
            AudioEncoding.Float32 => SampleEncoding.Float32,
            AudioEncoding.Mulaw => SampleEncoding.MuLaw,
            _ => SampleEncoding.Linear16,
        });
        var config = new RecognitionConfig { AudioFormat = new AudioFormat { Encoding = encoding, SampleRateHertz = rate }, Model = "moonshine-tiny" };

        var response = await service.CreateSpeechClient().RecognizeAsync(new RecognizeRequest { Config = config, Audio = ByteString.CopyFrom(bytes) },
            cancellationToken: TestContext.Current.CancellationToken);

        // Nearby utterances of a recording are decoded together, so the three sentences come back as one result.
        Assert.NotEmpty(response.Results);
        Assert.Equal(0, WordErrorRate.Compute(string.Join(' ', Sentences), response.Transcript).Errors);
        Assert.Equal(ThreeSentences.Value.Length / (double)SampleRate, response.AudioDuration.ToTimeSpan().TotalSeconds, 2);
    }

    [Fact]
    public async Task A_WAV_file_from_espeak_is_recognized_whole()
    {
        var wav = SpokenText.Wav("Please describe a difficult project.");
        var config = new RecognitionConfig { AudioFormat = new AudioFormat { Encoding = AudioEncoding.Wav } };

        var response = await service.CreateSpeechClient().RecognizeAsync(new RecognizeRequest { Config = config, Audio = ByteString.CopyFrom(wav) },
            cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("Please describe a difficult project.", response.Transcript);
    }

    [Fact]
    public async Task Silence_noise_clipping_and_a_50_ms_clip_give_no_hallucinated_text()
    {
        var random = new Random(3);
        var noise = Enumerable.Range(0, SampleRate * 4).Select(_ => (float)(random.NextDouble() * 2 - 1) * 0.3f).ToArray();
        var clipped = SpokenAudio.Spoken("Tell me about yourself.").Select(s => Math.Clamp(s * 30, -1f, 1f)).ToArray();
        var cases = new Dictionary<string, float[]>
        {
            ["silence"] = new float[SampleRate * 4],
            ["noise"] = noise,
            ["50 ms"] = noise[..(SampleRate / 20)],
            ["clipped"] = clipped,
        };
        var client = service.CreateSpeechClient();

        foreach (var (name, samples) in cases)
        {
            var response = await client.RecognizeAsync(new RecognizeRequest { Config = Linear16Config(), Audio = ByteString.CopyFrom(Linear16(samples)) },
                cancellationToken: TestContext.Current.CancellationToken);
            var streamed = await StreamAsync(client, Linear16Config(interim: true), Linear16(samples), 3_200, cancellationToken: TestContext.Current.CancellationToken);
            if (name == "clipped")
            {
                // Hard clipping distorts, but must not make the model loop.
                Assert.InRange(response.Transcript.Split(' ').Length, 1, 8);
            }
            else
            {
                Assert.True(response.Results.Count == 0, $"{name}: '{response.Transcript}'");
                Assert.True(streamed.Count == 0, $"{name}: {streamed.Count} responses");
            }
        }
    }

    private static SpeechClip SkipWithoutSharedRecordings()
    {
        Assert.Skip("The shared recordings (../shared/testdata/speech) are not present.");
        throw new InvalidOperationException("unreachable");
    }
}
