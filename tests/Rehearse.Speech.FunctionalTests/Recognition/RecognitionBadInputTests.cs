using Rehearse.Testing;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Rehearse.Speech.V1;
using static Rehearse.Speech.FunctionalTests.Recognition.RecognitionClient;

namespace Rehearse.Speech.FunctionalTests.Recognition;

/// <summary>Every kind of bad recognition input gets its status and a message naming the field and the rule.</summary>
public sealed class RecognitionBadInputTests(SpeechServiceFixture service)
{
    private static readonly Lazy<byte[]> Sentence = new(() => Linear16(SpokenAudio.SentencesWithPauses(TimeSpan.FromSeconds(0.5), "Tell me about yourself.")));

    [Fact]
    public async Task Audio_before_the_config_is_refused()
    {
        var (error, _) = await StreamExpectingErrorAsync(service.CreateSpeechClient(),
            [new StreamingRecognizeRequest { Audio = ByteString.CopyFrom(new byte[320]) }], TestContext.Current.CancellationToken);

        AssertStatus(error, StatusCode.InvalidArgument, "config", "first message must carry config");
    }

    [Fact]
    public async Task A_first_message_with_neither_config_nor_audio_is_refused()
    {
        var (error, _) = await StreamExpectingErrorAsync(service.CreateSpeechClient(),
            [new StreamingRecognizeRequest()], TestContext.Current.CancellationToken);

        AssertStatus(error, StatusCode.InvalidArgument, "config", "carried nothing");
    }

    [Fact]
    public async Task A_stream_without_any_message_is_refused()
    {
        var (error, _) = await StreamExpectingErrorAsync(service.CreateSpeechClient(), [], TestContext.Current.CancellationToken);

        AssertStatus(error, StatusCode.InvalidArgument, "config", "ended before its first message");
    }

    [Fact]
    public async Task A_second_config_is_refused()
    {
        var (error, _) = await StreamExpectingErrorAsync(service.CreateSpeechClient(),
            [
                new StreamingRecognizeRequest { Config = Linear16Config() },
                new StreamingRecognizeRequest { Audio = ByteString.CopyFrom(new byte[3_200]) },
                new StreamingRecognizeRequest { Config = Linear16Config() },
            ], TestContext.Current.CancellationToken);

        AssertStatus(error, StatusCode.InvalidArgument, "config", "only the first message may carry config; message 2");
    }

    public static TheoryData<string, RecognitionConfig, string, string> BadConfigs => new()
    {
        { "unknown model", WithModel("whisper-large"), "config.model", "unknown model 'whisper-large'; available: moonshine-base, moonshine-tiny" },
        { "unknown language", WithLanguage("fr-FR"), "config.language_code", "'fr-FR' is not supported" },
        { "not a language tag", WithLanguage("english"), "config.language_code", "not a BCP-47 language tag" },
        { "no encoding", WithFormat(new AudioFormat { SampleRateHertz = 16_000 }), "config.audio_format.encoding", "is required" },
        { "unknown encoding", WithFormat(new AudioFormat { Encoding = (AudioEncoding)42, SampleRateHertz = 16_000 }), "config.audio_format.encoding", "42 is not a known encoding" },
        { "rate too low", Linear16Config(7_000), "config.audio_format.sample_rate_hertz", "7000 Hz is outside 8000..48000" },
        { "rate too high", Linear16Config(96_000), "config.audio_format.sample_rate_hertz", "96000 Hz is outside 8000..48000" },
        { "three channels", Linear16Config(channels: 3), "config.audio_format.channel_count", "3 is outside 1..2" },
        { "no audio format", new RecognitionConfig(), "config.audio_format", "is required" },
        { "min silence too short", WithEndpointing(new EndpointingConfig { MinSilence = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromMilliseconds(20)) }), "config.endpointing.min_silence", "20 ms is outside 100..10000 ms" },
        { "threshold above one", WithEndpointing(new EndpointingConfig { SpeechThreshold = 1.5f }), "config.endpointing.speech_threshold", "outside (0, 1)" },
        { "language code of 70,000 characters", WithLanguage(new string('e', 70_000)), "config.language_code", "70,000 characters, over the limit of 35" },
        { "model name of 70,000 characters", WithModel(new string('m', 70_000)), "config.model", "70,000 characters, over the limit of 64" },
        { "min silence of 10^12 s", WithEndpointing(new EndpointingConfig { MinSilence = new Duration { Seconds = 1_000_000_000_000 } }), "config.endpointing.min_silence", "not a valid duration" },
        { "min silence with 2e9 nanos", WithEndpointing(new EndpointingConfig { MinSilence = new Duration { Nanos = 2_000_000_000 } }), "config.endpointing.min_silence", "not a valid duration" },
        { "min silence with negative nanos", WithEndpointing(new EndpointingConfig { MinSilence = new Duration { Seconds = 1, Nanos = -1 } }), "config.endpointing.min_silence", "not a valid duration" },
        { "negative min silence", WithEndpointing(new EndpointingConfig { MinSilence = new Duration { Nanos = -500_000_000 } }), "config.endpointing.min_silence", "-500 ms is outside 100..10000 ms" },
        { "max utterance of -10^12 s", WithEndpointing(new EndpointingConfig { MaxUtterance = new Duration { Seconds = -1_000_000_000_000 } }), "config.endpointing.max_utterance", "not a valid duration" },
        { "interim interval with -2e9 nanos", WithEndpointing(new EndpointingConfig { InterimInterval = new Duration { Nanos = -2_000_000_000 } }), "config.endpointing.interim_interval", "not a valid duration" },
        { "turn min wait too short", WithTurns(new TurnDetectionConfig { Enabled = true, MinWait = Ms(50) }), "config.turn_detection.min_wait", "50 ms is outside 100..10000 ms" },
        { "turn max wait too long", WithTurns(new TurnDetectionConfig { Enabled = true, MaxWait = Ms(45_000) }), "config.turn_detection.max_wait", "45000 ms is outside 500..30000 ms" },
        { "max backchannel too long", WithTurns(new TurnDetectionConfig { Enabled = true, MaxBackchannel = Ms(5_000) }), "config.turn_detection.max_backchannel", "5000 ms is outside 200..3000 ms" },
        { "turn min wait over max wait", WithTurns(new TurnDetectionConfig { Enabled = true, MinWait = Ms(3_000), MaxWait = Ms(2_000) }), "config.turn_detection.min_wait", "min_wait (3000 ms) must not exceed max_wait (2000 ms)" },
        { "turn max wait under the default min wait", WithTurns(new TurnDetectionConfig { Enabled = true, MaxWait = Ms(400) }), "config.turn_detection.max_wait", "400 ms is outside 500..30000 ms" },
        { "turn min wait with 2e9 nanos", WithTurns(new TurnDetectionConfig { Enabled = true, MinWait = new Duration { Nanos = 2_000_000_000 } }), "config.turn_detection.min_wait", "not a valid duration" },
    };

    [Theory]
    [MemberData(nameof(BadConfigs))]
    public async Task A_bad_config_is_refused_by_both_rpcs(string name, RecognitionConfig config, string field, string reason)
    {
        var client = service.CreateSpeechClient();

        var (streamError, _) = await StreamExpectingErrorAsync(client,
            [new StreamingRecognizeRequest { Config = config }, new StreamingRecognizeRequest { Audio = ByteString.CopyFrom(new byte[3_200]) }],
            TestContext.Current.CancellationToken);
        var unaryError = await Assert.ThrowsAsync<RpcException>(() => client.RecognizeAsync(
            new RecognizeRequest { Config = config, Audio = ByteString.CopyFrom(new byte[3_200]) }, cancellationToken: TestContext.Current.CancellationToken).ResponseAsync);

        AssertStatus(streamError, StatusCode.InvalidArgument, field, reason, name);
        AssertStatus(unaryError, StatusCode.InvalidArgument, field, reason, name);
    }

    [Fact]
    public async Task A_recording_without_config_is_refused()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => service.CreateSpeechClient().RecognizeAsync(
            new RecognizeRequest { Audio = ByteString.CopyFrom(new byte[3_200]) }, cancellationToken: TestContext.Current.CancellationToken).ResponseAsync);

        AssertStatus(error, StatusCode.InvalidArgument, "config", "is required");
    }

    [Fact]
    public async Task An_odd_number_of_LINEAR16_bytes_is_refused()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => service.CreateSpeechClient().RecognizeAsync(
            new RecognizeRequest { Config = Linear16Config(), Audio = ByteString.CopyFrom(new byte[3_201]) }, cancellationToken: TestContext.Current.CancellationToken).ResponseAsync);

        AssertStatus(error, StatusCode.InvalidArgument, "audio", "3201 bytes is not a whole number of 2-byte frames");
    }

    [Fact]
    public async Task A_stream_ending_inside_a_sample_is_refused_after_its_finals()
    {
        byte[] audio = [.. Sentence.Value, 0x01];
        var (error, responses) = await StreamExpectingErrorAsync(service.CreateSpeechClient(),
            [new StreamingRecognizeRequest { Config = Linear16Config() }, new StreamingRecognizeRequest { Audio = ByteString.CopyFrom(audio) }],
            TestContext.Current.CancellationToken);

        AssertStatus(error, StatusCode.InvalidArgument, "audio", "ends inside a sample frame: 1 bytes are left over");
        Assert.Equal("Tell me about yourself.", FinalText(responses));
    }

    [Fact]
    public async Task Bytes_that_are_not_a_WAV_file_are_refused()
    {
        var config = new RecognitionConfig { AudioFormat = new AudioFormat { Encoding = AudioEncoding.Wav } };
        var text = System.Text.Encoding.ASCII.GetBytes(new string('x', 4_000));

        var error = await Assert.ThrowsAsync<RpcException>(() => service.CreateSpeechClient().RecognizeAsync(
            new RecognizeRequest { Config = config, Audio = ByteString.CopyFrom(text) }, cancellationToken: TestContext.Current.CancellationToken).ResponseAsync);
        var (streamError, _) = await StreamExpectingErrorAsync(service.CreateSpeechClient(),
            [new StreamingRecognizeRequest { Config = config }, new StreamingRecognizeRequest { Audio = ByteString.CopyFrom(text) }],
            TestContext.Current.CancellationToken);

        AssertStatus(error, StatusCode.InvalidArgument, "audio", "RIFF");
        AssertStatus(streamError, StatusCode.InvalidArgument, "audio", "RIFF");
    }

    [Fact]
    public async Task A_truncated_WAV_file_is_refused()
    {
        var config = new RecognitionConfig { AudioFormat = new AudioFormat { Encoding = AudioEncoding.Wav } };
        var wav = Rehearse.Testing.SpokenText.Wav("Tell me about yourself.");

        var headerCut = await Assert.ThrowsAsync<RpcException>(() => service.CreateSpeechClient().RecognizeAsync(
            new RecognizeRequest { Config = config, Audio = ByteString.CopyFrom(wav, 0, 30) }, cancellationToken: TestContext.Current.CancellationToken).ResponseAsync);
        var dataCut = await Assert.ThrowsAsync<RpcException>(() => service.CreateSpeechClient().RecognizeAsync(
            new RecognizeRequest { Config = config, Audio = ByteString.CopyFrom(wav, 0, wav.Length / 2) }, cancellationToken: TestContext.Current.CancellationToken).ResponseAsync);
        var (streamError, _) = await StreamExpectingErrorAsync(service.CreateSpeechClient(),
            [new StreamingRecognizeRequest { Config = config }, new StreamingRecognizeRequest { Audio = ByteString.CopyFrom(wav, 0, 30) }],
            TestContext.Current.CancellationToken);

        AssertStatus(headerCut, StatusCode.InvalidArgument, "audio", "trunc");
        AssertStatus(dataCut, StatusCode.InvalidArgument, "audio", "trunc");
        AssertStatus(streamError, StatusCode.InvalidArgument, "audio", "truncated");
    }

    [Fact]
    public async Task A_message_over_the_size_limit_is_refused_by_both_rpcs()
    {
        var big = ByteString.CopyFrom(new byte[4 * 1024 * 1024 + 2]);
        var client = service.CreateSpeechClient();

        var unaryError = await Assert.ThrowsAsync<RpcException>(() => client.RecognizeAsync(
            new RecognizeRequest { Config = Linear16Config(), Audio = big }, cancellationToken: TestContext.Current.CancellationToken).ResponseAsync);
        var (streamError, _) = await StreamExpectingErrorAsync(client,
            [new StreamingRecognizeRequest { Config = Linear16Config() }, new StreamingRecognizeRequest { Audio = big }],
            TestContext.Current.CancellationToken);

        AssertStatus(unaryError, StatusCode.InvalidArgument, "audio", "4194306 bytes is over the limit of 4194304 bytes per message (Speech:Recognition:MaxMessageBytes)");
        AssertStatus(streamError, StatusCode.InvalidArgument, "audio (message 1)", "over the limit of 4194304 bytes");
    }

    private static RecognitionConfig WithModel(string model)
    {
        var config = Linear16Config();
        config.Model = model;
        return config;
    }

    private static RecognitionConfig WithLanguage(string language)
    {
        var config = Linear16Config();
        config.LanguageCode = language;
        return config;
    }

    private static RecognitionConfig WithFormat(AudioFormat format) => new() { AudioFormat = format };

    private static Duration Ms(int milliseconds) => Duration.FromTimeSpan(TimeSpan.FromMilliseconds(milliseconds));

    private static RecognitionConfig WithTurns(TurnDetectionConfig turns)
    {
        var config = Linear16Config();
        config.TurnDetection = turns;
        return config;
    }

    private static RecognitionConfig WithEndpointing(EndpointingConfig endpointing)
    {
        var config = Linear16Config();
        config.Endpointing = endpointing;
        return config;
    }

    private static void AssertStatus(RpcException error, StatusCode code, string field, string reason, string? because = null)
    {
        Assert.True(code == error.StatusCode, $"{because}: expected {code}, got {error.StatusCode} ({error.Status.Detail})");
        Assert.StartsWith(field + ":", error.Status.Detail, StringComparison.Ordinal);
        Assert.Contains(reason, error.Status.Detail, StringComparison.OrdinalIgnoreCase);
        // A status never repeats unbounded input: it travels in an HTTP/2 header shared with other calls.
        Assert.True(error.Status.Detail.Length <= 300, $"{because}: a {error.Status.Detail.Length}-character status message");
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public async Task FLOAT32_audio_with_a_sample_that_is_not_a_finite_number_is_refused(float bad)
    {
        var samples = SpokenAudio.SentencesWithPauses(TimeSpan.FromSeconds(0.5), "Tell me about yourself.");
        for (var i = 99; i < samples.Length; i += 100)
        {
            samples[i] = bad;
        }
        var audio = ByteString.CopyFrom(Rehearse.Speech.Audio.PcmCodec.Encode(samples, Rehearse.Speech.Audio.SampleEncoding.Float32));
        var config = new RecognitionConfig { AudioFormat = new AudioFormat { Encoding = AudioEncoding.Float32, SampleRateHertz = SampleRate } };

        var unaryError = await Assert.ThrowsAsync<RpcException>(() => service.CreateSpeechClient().RecognizeAsync(
            new RecognizeRequest { Config = config, Audio = audio }, cancellationToken: TestContext.Current.CancellationToken).ResponseAsync);
        var (streamError, _) = await StreamExpectingErrorAsync(service.CreateSpeechClient(),
            [new StreamingRecognizeRequest { Config = config }, new StreamingRecognizeRequest { Audio = audio }],
            TestContext.Current.CancellationToken);

        AssertStatus(unaryError, StatusCode.InvalidArgument, "audio", "sample 99 is not a finite number");
        AssertStatus(streamError, StatusCode.InvalidArgument, "audio", "sample 99 is not a finite number");
    }
}
