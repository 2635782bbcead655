using System.Runtime.CompilerServices;
using Grpc.Core;
using Microsoft.Extensions.Options;
using Rehearse.Interview.Core.Speech;
using Rehearse.Speech.V1;
using AudioEncoding = Rehearse.Speech.V1.AudioEncoding;
using AudioFormat = Rehearse.Speech.V1.AudioFormat;
using Backchannel = Rehearse.Interview.Core.Speech.Backchannel;
using TurnCue = Rehearse.Interview.Core.Speech.TurnCue;
using TurnEnded = Rehearse.Interview.Core.Speech.TurnEnded;

namespace Rehearse.Interview.Api.Speech;

/// <summary>
/// The Interview service's only way to the Speech service: the generated client with a deadline on every call.
/// It is the conversation engine's <see cref="ISpeechPort"/>: failed calls become
/// <see cref="SpeechUnavailableException"/> and cancelled ones <see cref="OperationCanceledException"/>.
/// </summary>
public sealed class SpeechGateway(SpeechService.SpeechServiceClient client, IOptions<SpeechClientOptions> options) : ISpeechPort
{
    private readonly SpeechClientOptions _options = options.Value;

    /// <inheritdoc />
    public TimeSpan RecognitionGrace => _options.RecognitionGrace;

    /// <inheritdoc />
    public async IAsyncEnumerable<SynthesizedAudio> SynthesizeAsync(
        string text, SynthesisSettings settings, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var call = client.Synthesize(
            new SynthesizeRequest { Text = text, Config = Config(settings) },
            deadline: Deadline(_options.SynthesisTimeout),
            cancellationToken: cancellationToken);
        await foreach (var piece in ReadAsync(call.ResponseStream, cancellationToken))
        {
            yield return piece;
        }
    }

    /// <inheritdoc />
    public async Task<IStreamingSynthesis> OpenStreamingSynthesisAsync(SynthesisSettings settings, CancellationToken cancellationToken)
    {
        var call = client.StreamingSynthesize(deadline: Deadline(_options.SynthesisTimeout), cancellationToken: cancellationToken);
        try
        {
            await OpeningAsync(() => call.RequestStream.WriteAsync(new StreamingSynthesizeRequest { Config = Config(settings) }, CancellationToken.None), cancellationToken);
            return new StreamingSynthesis(call);
        }
        catch
        {
            call.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public async Task<IRecognitionCall> OpenRecognitionAsync(
        CandidateAudioFormat format, TimeSpan answerTimeLimit, TurnDetectionSettings turnDetection, CancellationToken cancellationToken)
    {
        var config = new RecognitionConfig
        {
            AudioFormat = new AudioFormat
            {
                Encoding = format.Float32 ? AudioEncoding.Float32 : AudioEncoding.Linear16,
                SampleRateHertz = format.SampleRateHertz,
                ChannelCount = 1,
            },
            InterimResults = true,
            VoiceActivityEvents = true,
            // The voiced hesitations of each utterance, for the answer's speech analytics.
            AcousticFeatures = true,
            Model = _options.RecognitionModel,
            Endpointing = new EndpointingConfig { MinSilence = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(_options.SegmentSilence) },
            // Answers end on turns the Speech service has heard end in the audio it analysed, never on audio merely received.
            TurnDetection = new TurnDetectionConfig
            {
                Enabled = true,
                MinWait = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(turnDetection.MinWait),
                MaxWait = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(turnDetection.MaxWait),
            },
        };
        var call = client.StreamingRecognize(deadline: Deadline(answerTimeLimit + _options.RecognitionGrace), cancellationToken: cancellationToken);
        try
        {
            await OpeningAsync(() => call.RequestStream.WriteAsync(new StreamingRecognizeRequest { Config = config }, CancellationToken.None), cancellationToken);
            return new RecognitionCall(call);
        }
        catch
        {
            call.Dispose();
            throw;
        }
    }

    /// <summary>The voices the Speech service can speak with, in English.</summary>
    public async Task<IReadOnlyList<Voice>> ListVoicesAsync(CancellationToken cancellationToken)
    {
        var response = await client.ListVoicesAsync(
            new ListVoicesRequest { LanguageCode = "en" },
            deadline: Deadline(_options.CallTimeout),
            cancellationToken: cancellationToken);
        return response.Voices;
    }

    /// <summary>Speaks a short text as one WAV file, which the Speech service writes.</summary>
    public async Task<byte[]> SynthesizeWavAsync(string text, string voice, CancellationToken cancellationToken)
    {
        var config = new SynthesisConfig { Voice = voice, AudioFormat = new AudioFormat { Encoding = AudioEncoding.Wav } };
        using var call = client.Synthesize(
            new SynthesizeRequest { Text = text, Config = config },
            deadline: Deadline(_options.CallTimeout),
            cancellationToken: cancellationToken);
        using var wav = new MemoryStream();
        await foreach (var response in call.ResponseStream.ReadAllAsync(cancellationToken))
        {
            response.Audio.WriteTo(wav);
        }
        return WavLengths.Complete(wav.ToArray());
    }

    /// <summary>
    /// Whether a failed call means the Speech service is down, slow or overloaded (as opposed to refusing the
    /// request). A refusal of this service's own credentials (Speech:ApiKey, a client certificate) counts too: it
    /// is the operator's to fix, and passed on as UNAUTHENTICATED it would read as the caller's own key refused.
    /// </summary>
    public static bool IsOutage(RpcException exception) => exception.StatusCode is
        StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.ResourceExhausted or StatusCode.Unknown
        or StatusCode.Internal or StatusCode.Unimplemented or StatusCode.Aborted
        or StatusCode.Unauthenticated or StatusCode.PermissionDenied;

    private static SynthesisConfig Config(SynthesisSettings settings) => new()
    {
        Voice = settings.Voice,
        AudioFormat = new AudioFormat
        {
            Encoding = settings.Float32 ? AudioEncoding.Float32 : AudioEncoding.Linear16,
            SampleRateHertz = settings.SampleRateHertz,
            ChannelCount = 1,
        },
    };

    private static async IAsyncEnumerable<SynthesizedAudio> ReadAsync(
        IAsyncStreamReader<SynthesizeResponse> responses, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (await Calling(() => responses.MoveNext(cancellationToken)))
        {
            var response = responses.Current;
            yield return new SynthesizedAudio(
                response.Audio,
                response.AudioFormat?.SampleRateHertz ?? 0,
                response.Duration?.ToTimeSpan() ?? TimeSpan.Zero,
                response.SentenceIndex,
                response.SentenceText);
        }
    }

    /// <summary>Runs one step of a call, translating its failure into the port's terms.</summary>
    private static async Task<T> Calling<T>(Func<Task<T>> step)
    {
        try
        {
            return await step();
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled)
        {
            throw new OperationCanceledException(e.Status.Detail, e);
        }
        catch (RpcException e)
        {
            throw new SpeechUnavailableException($"{e.StatusCode}: {e.Status.Detail}", e);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException)
        {
            // Writing to a call that has already ended.
            throw new SpeechUnavailableException(e.Message, e);
        }
    }

    private static Task Calling(Func<Task> step) => Calling(async () =>
    {
        await step();
        return true;
    });

    /// <summary>
    /// Sends a streaming call's first message. A Speech service that accepts connections but never answers would
    /// hold it until the call's (long) deadline, so opening gets <see cref="SpeechClientOptions.CallTimeout"/>.
    /// </summary>
    private async Task OpeningAsync(Func<Task> send, CancellationToken cancellationToken)
    {
        try
        {
            await Calling(send).WaitAsync(_options.CallTimeout, cancellationToken);
        }
        catch (TimeoutException e)
        {
            throw new SpeechUnavailableException($"The Speech service did not open the call within {_options.CallTimeout.TotalSeconds:0.#} s.", e);
        }
    }

    private static DateTime Deadline(TimeSpan timeout) => DateTime.UtcNow + timeout;

    private sealed class StreamingSynthesis(AsyncDuplexStreamingCall<StreamingSynthesizeRequest, SynthesizeResponse> call) : IStreamingSynthesis
    {
        public Task WriteAsync(string text, CancellationToken cancellationToken) =>
            Calling(() => call.RequestStream.WriteAsync(new StreamingSynthesizeRequest { Text = text }, cancellationToken));

        public Task CompleteAsync() => Calling(() => call.RequestStream.CompleteAsync());

        public IAsyncEnumerable<SynthesizedAudio> ReadAllAsync(CancellationToken cancellationToken) => ReadAsync(call.ResponseStream, cancellationToken);

        public ValueTask DisposeAsync()
        {
            call.Dispose();
            return ValueTask.CompletedTask;
        }
    }

    private sealed class RecognitionCall(AsyncDuplexStreamingCall<StreamingRecognizeRequest, StreamingRecognizeResponse> call) : IRecognitionCall
    {
        public Task WriteAsync(ReadOnlyMemory<byte> audio, CancellationToken cancellationToken) =>
            Calling(() => call.RequestStream.WriteAsync(
                new StreamingRecognizeRequest { Audio = Google.Protobuf.UnsafeByteOperations.UnsafeWrap(audio) }, cancellationToken));

        public Task CompleteAsync() => Calling(() => call.RequestStream.CompleteAsync());

        public async IAsyncEnumerable<RecognitionEvent> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            while (await Calling(() => call.ResponseStream.MoveNext(cancellationToken)))
            {
                var response = call.ResponseStream.Current;
                if (response.SpeechEvent is { } speech)
                {
                    yield return new VoiceActivity(speech.Type == SpeechEventType.SpeechBegan, speech.Offset?.ToTimeSpan() ?? TimeSpan.Zero);
                }
                else if (response.Result is { } result)
                {
                    yield return new RecognizedSpeech(
                        result.Transcript,
                        result.IsFinal,
                        result.Stability,
                        result.StartOffset?.ToTimeSpan() ?? TimeSpan.Zero,
                        result.EndOffset?.ToTimeSpan() ?? TimeSpan.Zero,
                        result.AcousticFeatures?.Hesitations.Count ?? 0);
                }
                else if (response.TurnEvent is { } turn && ToTurnEvent(turn) is { } turnEvent)
                {
                    yield return turnEvent;
                }
            }
        }

        private static RecognitionEvent? ToTurnEvent(TurnEvent turn)
        {
            var offset = turn.Offset?.ToTimeSpan() ?? TimeSpan.Zero;
            var wait = turn.Wait?.ToTimeSpan() ?? TimeSpan.Zero;
            return turn.Type switch
            {
                TurnEventType.TurnBegan => new TurnBegan(offset, turn.Transcript),
                TurnEventType.Backchannel => new Backchannel(offset, turn.Transcript),
                TurnEventType.EndEstimate => new EndOfTurnEstimate(offset, turn.EndOfTurnProbability, wait, Cues(turn)),
                TurnEventType.TurnEnded => new TurnEnded(offset, turn.EndOfTurnProbability, wait, Cues(turn)),
                // A decision this client does not know yet.
                _ => null,
            };
        }

        private static TurnCue[] Cues(TurnEvent turn) =>
        [
            .. turn.Cues.Select(cue => cue switch
            {
                Rehearse.Speech.V1.TurnCue.CompleteThought => TurnCue.CompleteThought,
                Rehearse.Speech.V1.TurnCue.TrailingConnective => TurnCue.TrailingConnective,
                Rehearse.Speech.V1.TurnCue.TrailingHesitation => TurnCue.TrailingHesitation,
                Rehearse.Speech.V1.TurnCue.OpenList => TurnCue.OpenList,
                Rehearse.Speech.V1.TurnCue.AskedForTime => TurnCue.AskedForTime,
                Rehearse.Speech.V1.TurnCue.FallingPitch => TurnCue.FallingPitch,
                Rehearse.Speech.V1.TurnCue.HeldPitch => TurnCue.HeldPitch,
                Rehearse.Speech.V1.TurnCue.EnergyDecay => TurnCue.EnergyDecay,
                Rehearse.Speech.V1.TurnCue.FinalLengthening => TurnCue.FinalLengthening,
                Rehearse.Speech.V1.TurnCue.Question => TurnCue.Question,
                _ => (TurnCue?)null,
            }).OfType<TurnCue>(),
        ];

        public ValueTask DisposeAsync()
        {
            call.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
