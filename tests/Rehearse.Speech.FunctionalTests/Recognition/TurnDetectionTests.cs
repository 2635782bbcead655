using System.Diagnostics;
using Grpc.Core;
using Google.Protobuf;
using Rehearse.Speech.V1;
using Rehearse.Testing;
using static Rehearse.Speech.FunctionalTests.Recognition.RecognitionClient;

namespace Rehearse.Speech.FunctionalTests.Recognition;

/// <summary>Turn detection through the real gRPC service, on speech made by the service's own voice.</summary>
public sealed class TurnDetectionTests(SpeechServiceFixture service)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static RecognitionConfig Config(TurnDetectionConfig? turns = null) => WithTurns(Linear16Config(events: true), turns ?? new TurnDetectionConfig { Enabled = true });

    private static RecognitionConfig WithTurns(RecognitionConfig config, TurnDetectionConfig turns)
    {
        config.TurnDetection = turns;
        return config;
    }

    /// <summary>
    /// Half a second of silence, then each part: a string spoken by the default voice at 16 kHz, a number seconds of
    /// silence. Near the least variation the voice says the same thing the same way on every run.
    /// </summary>
    private Task<byte[]> AudioAsync(params object[] parts) => VoiceAudioAsync("", parts);

    /// <summary>As <see cref="AudioAsync"/>, spoken by <paramref name="voice"/> (empty for the default).</summary>
    private async Task<byte[]> VoiceAudioAsync(string voice, params object[] parts)
    {
        var samples = new List<float>(new float[SampleRate / 2]);
        foreach (var part in parts)
        {
            if (part is double seconds)
            {
                samples.AddRange(new float[(int)(seconds * SampleRate)]);
                continue;
            }
            using var call = service.CreateSpeechClient().Synthesize(new SynthesizeRequest
            {
                Text = (string)part,
                Config = new SynthesisConfig { Voice = voice, AudioFormat = new AudioFormat { Encoding = AudioEncoding.Float32, SampleRateHertz = SampleRate }, Variation = 0.05f },
            }, cancellationToken: Token);
            await foreach (var response in call.ResponseStream.ReadAllAsync(Token))
            {
                var bytes = response.Audio.Span;
                for (var i = 0; i + 4 <= bytes.Length; i += 4)
                {
                    samples.Add(BitConverter.ToSingle(bytes.Slice(i, 4)));
                }
            }
        }
        return Linear16([.. samples]);
    }

    private static List<TurnEvent> Turns(IEnumerable<StreamingRecognizeResponse> responses, TurnEventType type) =>
        [.. responses.Where(r => r.TurnEvent?.Type == type).Select(r => r.TurnEvent)];

    /// <summary>
    /// Streams <paramref name="audio"/> at a live microphone's pace in 20 ms chunks, noting when each chunk left and when
    /// each response came.
    /// </summary>
    private async Task<(List<(StreamingRecognizeResponse Response, TimeSpan At)> Received, List<TimeSpan> Sent)> StreamLiveAsync(byte[] audio)
    {
        var clock = Stopwatch.StartNew();
        var sent = new List<TimeSpan>();
        var received = new List<(StreamingRecognizeResponse Response, TimeSpan At)>();
        using (var call = service.CreateSpeechClient().StreamingRecognize(cancellationToken: Token))
        {
            var reading = Task.Run(async () =>
            {
                await foreach (var response in call.ResponseStream.ReadAllAsync(Token))
                {
                    received.Add((response, clock.Elapsed));
                }
            }, Token);
            await call.RequestStream.WriteAsync(new StreamingRecognizeRequest { Config = Config() }, Token);
            for (var offset = 0; offset < audio.Length; offset += 640)
            {
                var due = TimeSpan.FromSeconds(offset / 2.0 / SampleRate);
                if (due > clock.Elapsed)
                {
                    await Task.Delay(due - clock.Elapsed, Token);
                }
                await call.RequestStream.WriteAsync(new StreamingRecognizeRequest { Audio = ByteString.CopyFrom(audio, offset, Math.Min(640, audio.Length - offset)) }, Token);
                sent.Add(clock.Elapsed);
            }
            await call.RequestStream.CompleteAsync();
            await reading;
        }
        return (received, sent);
    }

    [Fact]
    public async Task A_finished_sentence_begins_a_turn_while_it_is_spoken_and_ends_it_after_a_short_wait()
    {
        var audio = await AudioAsync("I led the migration of our payment system to Kubernetes.", 2.0);

        var (received, sent) = await StreamLiveAsync(audio);
        var responses = received.Select(r => r.Response).ToList();

        var speechBegan = responses.First(r => r.SpeechEvent?.Type == SpeechEventType.SpeechBegan).SpeechEvent;
        var (began, beganAt) = received.Single(r => r.Response.TurnEvent?.Type == TurnEventType.TurnBegan);
        Assert.Equal(speechBegan.Offset, began.TurnEvent.Offset);
        Assert.Equal(0, began.TurnEvent.SegmentIndex);
        Assert.NotEmpty(began.TurnEvent.Transcript);
        // From the moment the onset's audio was sent: 250 ms of speech plus a decode (the latency itself is measured
        // by bench/run turns; here it only has to come while the sentence is still being spoken).
        var onsetSent = sent[(int)(speechBegan.Offset.ToTimeSpan().TotalSeconds * 50)];
        // The utterance closes once the endpointing silence (600 ms) after the speech has been heard.
        var speechEndedAt = responses.Single(r => r.SpeechEvent?.Type == SpeechEventType.SpeechEnded).SpeechEvent.Offset.ToTimeSpan();
        var closingSent = sent[Math.Min(sent.Count - 1, (int)((speechEndedAt + TimeSpan.FromMilliseconds(600)).TotalSeconds * 50))];
        var turnEndedAt = received.Single(r => r.Response.TurnEvent?.Type == TurnEventType.TurnEnded).At;
        File.WriteAllText(Path.Combine(TestPaths.ArtifactsDirectory("turn-taking"), "turn-began-live.txt"),
            $"turn began {(beganAt - onsetSent).TotalMilliseconds:0} ms after the onset's audio was sent, heard '{began.TurnEvent.Transcript}'; " +
            $"turn ended {(turnEndedAt - closingSent).TotalMilliseconds:0} ms after the audio that closed the utterance was sent\n");
        var speechEnded = responses.Single(r => r.SpeechEvent?.Type == SpeechEventType.SpeechEnded);
        Assert.True(beganAt - onsetSent >= TimeSpan.FromMilliseconds(250), $"turn began {beganAt - onsetSent} after the onset");
        var lastSpeechSent = sent[Math.Min(sent.Count - 1, (int)(speechEndedAt.TotalSeconds * 50))];
        Assert.True(beganAt < lastSpeechSent, $"turn began at {beganAt}, after the sentence's last audio was sent at {lastSpeechSent}");
        Assert.True(responses.IndexOf(began) < responses.IndexOf(speechEnded));

        var estimate = Assert.Single(Turns(responses, TurnEventType.EndEstimate));
        Assert.Equal(speechEnded.SpeechEvent.Offset, estimate.Offset);
        Assert.True(estimate.EndOfTurnProbability > 0.8, $"p = {estimate.EndOfTurnProbability}");
        Assert.Equal(TurnCue.CompleteThought, estimate.Cues[0]);
        Assert.InRange(estimate.Wait.ToTimeSpan(), TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(700));
        var ended = Assert.Single(Turns(responses, TurnEventType.TurnEnded));
        Assert.Equal(estimate.Offset.ToTimeSpan() + estimate.Wait.ToTimeSpan(), ended.Offset.ToTimeSpan());
        Assert.Equal(estimate.EndOfTurnProbability, ended.EndOfTurnProbability);
        Assert.Empty(Turns(responses, TurnEventType.Backchannel));
    }

    [Fact]
    public async Task A_three_second_pause_mid_sentence_does_not_end_the_turn()
    {
        var audio = await AudioAsync("And I was responsible for the", 3.0, "payments platform.", 1.5);

        var responses = await StreamAsync(service.CreateSpeechClient(), Config(), audio, 3_200, cancellationToken: Token);

        var estimates = Turns(responses, TurnEventType.EndEstimate);
        Assert.Equal(2, estimates.Count);
        Assert.Equal(TurnCue.TrailingConnective, estimates[0].Cues[0]);
        Assert.True(estimates[0].Wait.ToTimeSpan() > TimeSpan.FromSeconds(3), $"wait {estimates[0].Wait}");
        var ended = Assert.Single(Turns(responses, TurnEventType.TurnEnded));
        Assert.Equal(1, ended.SegmentIndex);
        Assert.Equal(TurnCue.CompleteThought, ended.Cues[0]);
    }

    // The hummed backchannels, which the recognizer mishears as words, are tested below.
    [Theory]
    [InlineData("Yeah.")]
    [InlineData("Got it.")]
    [InlineData("Okay.")]
    public async Task A_backchannel_is_reported_as_one_and_begins_no_turn(string backchannel)
    {
        var audio = await AudioAsync(backchannel, 1.5);

        var responses = await StreamAsync(service.CreateSpeechClient(), Config(), audio, 3_200, cancellationToken: Token);

        Assert.Empty(Turns(responses, TurnEventType.TurnBegan));
        var heard = Assert.Single(Turns(responses, TurnEventType.Backchannel));
        Assert.Equal(responses.Single(r => r.SpeechEvent?.Type == SpeechEventType.SpeechEnded).SpeechEvent.Offset, heard.Offset);
    }

    // Hums the recognizer hears as words that would take the turn ("Amen.", "Pill."): the default voice's "Mhm." and
    // Claire's "Mm-hmm." are closed-mouth hums on every run (docs/turn-taking.md).
    [Theory]
    [InlineData("Mm-hmm.", "en-US-claire")]
    [InlineData("Mhm.", "")]
    public async Task A_hummed_backchannel_streamed_live_begins_no_turn(string hum, string voice)
    {
        var audio = await VoiceAudioAsync(voice, hum, 1.5);

        var (received, _) = await StreamLiveAsync(audio);
        var responses = received.Select(r => r.Response).ToList();

        Assert.Empty(Turns(responses, TurnEventType.TurnBegan));
        var heard = Assert.Single(Turns(responses, TurnEventType.Backchannel));
        Assert.Equal(responses.Single(r => r.SpeechEvent?.Type == SpeechEventType.SpeechEnded).SpeechEvent.Offset, heard.Offset);
    }

    [Fact]
    public async Task A_short_interruption_streamed_live_begins_a_turn()
    {
        var audio = await AudioAsync("Wait, no.", 1.5);

        var (received, _) = await StreamLiveAsync(audio);
        var responses = received.Select(r => r.Response).ToList();

        var began = Assert.Single(Turns(responses, TurnEventType.TurnBegan));
        Assert.Equal(responses.First(r => r.SpeechEvent?.Type == SpeechEventType.SpeechBegan).SpeechEvent.Offset, began.Offset);
        Assert.Empty(Turns(responses, TurnEventType.Backchannel));
    }

    [Fact]
    public async Task Without_turn_detection_no_turn_events_are_sent()
    {
        var audio = await AudioAsync("Thank you for your time.", 1.0);

        var off = await StreamAsync(service.CreateSpeechClient(), Linear16Config(events: true), audio, 3_200, cancellationToken: Token);
        var disabled = await StreamAsync(service.CreateSpeechClient(), Config(new TurnDetectionConfig { Enabled = false }), audio, 3_200, cancellationToken: Token);

        Assert.NotEmpty(Finals(off));
        Assert.DoesNotContain(off.Concat(disabled), r => r.TurnEvent is not null);
        Assert.All(Finals(off).Concat(Finals(disabled)), f => Assert.Null(f.AcousticFeatures));
    }
}
