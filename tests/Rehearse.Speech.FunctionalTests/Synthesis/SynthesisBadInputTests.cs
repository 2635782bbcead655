using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Rehearse.Speech.V1;
using static Rehearse.Speech.FunctionalTests.Synthesis.SynthesisClient;

namespace Rehearse.Speech.FunctionalTests.Synthesis;

/// <summary>Every kind of bad synthesis input gets INVALID_ARGUMENT with a message that starts with the field.</summary>
public sealed class SynthesisBadInputTests(SpeechServiceFixture service)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public static TheoryData<string, SynthesisConfig?, string> BadRequests => new()
    {
        { "", null, "text: is empty" },
        { "  \n ", null, "text: is empty" },
        { new string('a', 5001), null, "text: 5,001 characters is over the limit of 5,000" },
        { "Ring the bell \u0007 now.", null, "text: contains the control character U+0007" },
        { "Escape \u001B[31m sequences.", null, "text: contains the control character U+001B" },
        { "Hello.", new SynthesisConfig { Voice = "no-such-voice" }, "config.voice: 'no-such-voice' is not a voice" },
        { "Hello.", new SynthesisConfig { Voice = "speaker:904" }, "config.voice:" },
        { "Hello.", new SynthesisConfig { AudioFormat = new AudioFormat { Encoding = AudioEncoding.Mulaw } }, "config.audio_format.encoding:" },
        { "Hello.", new SynthesisConfig { AudioFormat = new AudioFormat { SampleRateHertz = 8000 } }, "config.audio_format.sample_rate_hertz: 8000 is not offered" },
        { "Hello.", new SynthesisConfig { AudioFormat = new AudioFormat { SampleRateHertz = 32000 } }, "config.audio_format.sample_rate_hertz:" },
        { "Hello.", new SynthesisConfig { AudioFormat = new AudioFormat { ChannelCount = 2 } }, "config.audio_format.channel_count:" },
        { "Hello.", new SynthesisConfig { SpeakingRate = 3f }, "config.speaking_rate: 3 is outside 0.5..2.0" },
        { "Hello.", new SynthesisConfig { SpeakingRate = 0.25f }, "config.speaking_rate:" },
        { "Hello.", new SynthesisConfig { SpeakingRate = -1f }, "config.speaking_rate:" },
        { "Hello.", new SynthesisConfig { Variation = 2f }, "config.variation: 2 is outside 0..1" },
        { "Hello.", new SynthesisConfig { LanguageCode = "fr-FR" }, "config.language_code: 'fr-FR' cannot be spoken" },
        { "Hello.", new SynthesisConfig { LanguageCode = "!!" }, "config.language_code:" },
        {
            "Hello.",
            new SynthesisConfig { ChunkDuration = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromMilliseconds(5)) },
            "config.chunk_duration:"
        },
        { "Hello.", new SynthesisConfig { Voice = new string('v', 70_000) }, "config.voice: is 70,000 characters, over the limit of 64." },
        { "Hello.", new SynthesisConfig { LanguageCode = new string('e', 70_000) }, "config.language_code: is 70,000 characters, over the limit of 35." },
        { "Hello.", new SynthesisConfig { ChunkDuration = new Duration { Seconds = 1_000_000_000_000 } }, "config.chunk_duration: is not a valid duration" },
        { "Hello.", new SynthesisConfig { ChunkDuration = new Duration { Nanos = 2_000_000_000 } }, "config.chunk_duration: is not a valid duration" },
        { "Hello.", new SynthesisConfig { ChunkDuration = new Duration { Seconds = 1, Nanos = -1 } }, "config.chunk_duration: is not a valid duration" },
        { "Hello.", new SynthesisConfig { ChunkDuration = new Duration { Nanos = -100_000_000 } }, "config.chunk_duration: -100 ms is outside 20 ms..2 s" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Synthesize_refuses_bad_input_naming_the_field(string text, SynthesisConfig? config, string expected)
    {
        var status = await StatusOfAsync(() => SynthesizeAsync(service.CreateSpeechClient(), text, config));
        Assert.Equal(StatusCode.InvalidArgument, status.StatusCode);
        Assert.StartsWith(expected, status.Detail, StringComparison.Ordinal);
        // A status never repeats unbounded input: it travels in an HTTP/2 header shared with other calls.
        Assert.True(status.Detail.Length <= 300, $"a {status.Detail.Length}-character status message");
    }

    [Fact]
    public async Task ListVoices_refuses_an_over_long_language_code()
    {
        var status = await StatusOfAsync(() => service.CreateSpeechClient().ListVoicesAsync(
            new ListVoicesRequest { LanguageCode = new string('e', 70_000) }, cancellationToken: Token).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, status.StatusCode);
        Assert.Equal("language_code: is 70,000 characters, over the limit of 35.", status.Detail);
    }

    [Fact]
    public async Task A_message_nested_too_deeply_is_refused_in_the_callers_terms()
    {
        // 150 nested groups of an unknown field 15: the protobuf runtime stops at 100 levels.
        byte[] nested = [.. Enumerable.Repeat((byte)0x7B, 150), .. Enumerable.Repeat((byte)0x7C, 150)];
        var method = new Method<byte[], byte[]>(
            MethodType.Unary,
            "rehearse.speech.v1.SpeechService",
            "ListVoices",
            Marshallers.Create(bytes => bytes, bytes => bytes),
            Marshallers.Create(bytes => bytes, bytes => bytes));
        var status = await StatusOfAsync(() => service.Channel.CreateCallInvoker()
            .AsyncUnaryCall(method, null, new CallOptions(cancellationToken: Token), nested).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, status.StatusCode);
        Assert.Equal("request: the ListVoicesRequest message could not be parsed: it nests messages more than 100 levels deep.", status.Detail);
    }

    [Fact]
    public async Task A_lone_surrogate_from_a_client_arrives_as_a_replacement_character_and_is_refused()
    {
        // The client's protobuf runtime encodes an unpaired surrogate as U+FFFD; the server sees that.
        var status = await StatusOfAsync(() => SynthesizeAsync(service.CreateSpeechClient(), "Broken " + (char)0xD800 + " text."));
        Assert.Equal(StatusCode.InvalidArgument, status.StatusCode);
        Assert.StartsWith("text: is not valid UTF-8", status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_utf8_bytes_in_the_text_are_an_invalid_argument()
    {
        // A hand-made message: field 1 (text), length 4, bytes "ab" + 0xC3 0x28 (a broken two-byte sequence),
        // which no protobuf library sends from a string: the runtime refuses to parse it and no audio is produced.
        var method = new Method<byte[], byte[]>(
            MethodType.ServerStreaming,
            "rehearse.speech.v1.SpeechService",
            "Synthesize",
            Marshallers.Create(bytes => bytes, bytes => bytes),
            Marshallers.Create(bytes => bytes, bytes => bytes));
        var invoker = service.Channel.CreateCallInvoker();
        var status = await StatusOfAsync(async () =>
        {
            using var call = invoker.AsyncServerStreamingCall(method, null, new CallOptions(cancellationToken: Token), [0x0A, 0x04, (byte)'a', (byte)'b', 0xC3, 0x28]);
            await foreach (var response in call.ResponseStream.ReadAllAsync(Token))
            {
                Assert.Fail($"no response expected, got {response.Length} bytes");
            }
        });
        Assert.Equal(StatusCode.InvalidArgument, status.StatusCode);
        Assert.Equal("request: the SynthesizeRequest message could not be parsed: String is invalid UTF-8.", status.Detail);
    }

    [Fact]
    public async Task StreamingSynthesize_needs_the_configuration_first_and_only_first()
    {
        var client = service.CreateSpeechClient();
        Assert.StartsWith("config: the first message", (await StreamStatusAsync(client, new StreamingSynthesizeRequest { Text = "Hello." })).Detail, StringComparison.Ordinal);
        Assert.StartsWith("config: only the first message", (await StreamStatusAsync(client, new StreamingSynthesizeRequest { Config = new() }, new StreamingSynthesizeRequest { Config = new() })).Detail, StringComparison.Ordinal);
        Assert.StartsWith("config: the first message", (await StreamStatusAsync(client)).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StreamingSynthesize_refuses_a_stream_without_words_and_bad_fragments()
    {
        var client = service.CreateSpeechClient();
        var empty = await StreamStatusAsync(client, new StreamingSynthesizeRequest { Config = new() }, new StreamingSynthesizeRequest { Text = "  " }, new StreamingSynthesizeRequest { Flush = true });
        Assert.Equal(StatusCode.InvalidArgument, empty.StatusCode);
        Assert.StartsWith("text: is empty", empty.Detail, StringComparison.Ordinal);

        var control = await StreamStatusAsync(client, new StreamingSynthesizeRequest { Config = new() }, new StreamingSynthesizeRequest { Text = "Hi \u0000 there." });
        Assert.StartsWith("text: contains the control character U+0000", control.Detail, StringComparison.Ordinal);

        var tooLong = await StreamStatusAsync(client, new StreamingSynthesizeRequest { Config = new() }, new StreamingSynthesizeRequest { Text = new string('a', 3000) }, new StreamingSynthesizeRequest { Text = new string('b', 2001) });
        Assert.StartsWith("text: 5,001 characters is over the limit", tooLong.Detail, StringComparison.Ordinal);

        var voice = await StreamStatusAsync(client, new StreamingSynthesizeRequest { Config = new() { Voice = "nobody" } }, new StreamingSynthesizeRequest { Text = "Hi." });
        Assert.StartsWith("config.voice:", voice.Detail, StringComparison.Ordinal);
    }

    private static async Task<Status> StreamStatusAsync(SpeechService.SpeechServiceClient client, params StreamingSynthesizeRequest[] requests) =>
        await StatusOfAsync(async () =>
        {
            using var call = client.StreamingSynthesize(cancellationToken: Token);
            try
            {
                foreach (var request in requests)
                {
                    await call.RequestStream.WriteAsync(request, Token);
                }
                await call.RequestStream.CompleteAsync();
            }
            catch (RpcException)
            {
                // The server may answer before every message is written; the status is read below.
            }
            catch (InvalidOperationException)
            {
                // Writing after the call has completed.
            }
            await foreach (var _ in call.ResponseStream.ReadAllAsync(Token))
            {
            }
        });
}
