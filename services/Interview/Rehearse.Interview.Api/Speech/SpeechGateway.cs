using Grpc.Core;
using Microsoft.Extensions.Options;
using Rehearse.Speech.Audio;
using Rehearse.Speech.V1;
using AudioEncoding = Rehearse.Speech.V1.AudioEncoding;
using AudioFormat = Rehearse.Speech.V1.AudioFormat;

namespace Rehearse.Interview.Api.Speech;

/// <summary>
/// The Interview service's only way to the Speech service: the generated client with a deadline on every call.
/// Failures surface as <see cref="RpcException"/>; callers decide what the candidate is told.
/// </summary>
public sealed class SpeechGateway(SpeechService.SpeechServiceClient client, IOptions<SpeechClientOptions> options)
{
    private readonly SpeechClientOptions _options = options.Value;

    /// <summary>How long an ended answer's recognition may take to deliver its last results.</summary>
    public TimeSpan RecognitionGrace => _options.RecognitionGrace;

    /// <summary>Speaks a whole text; audio arrives sentence by sentence.</summary>
    public async IAsyncEnumerable<SynthesizeResponse> SynthesizeAsync(
        string text,
        SynthesisConfig config,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var call = client.Synthesize(
            new SynthesizeRequest { Text = text, Config = config },
            deadline: Deadline(_options.SynthesisTimeout),
            cancellationToken: cancellationToken);
        await foreach (var response in call.ResponseStream.ReadAllAsync(cancellationToken))
        {
            yield return response;
        }
    }

    /// <summary>Opens a call that speaks text arriving in fragments; the configuration is sent first.</summary>
    public async Task<AsyncDuplexStreamingCall<StreamingSynthesizeRequest, SynthesizeResponse>> OpenStreamingSynthesisAsync(
        SynthesisConfig config,
        CancellationToken cancellationToken)
    {
        var call = client.StreamingSynthesize(deadline: Deadline(_options.SynthesisTimeout), cancellationToken: cancellationToken);
        try
        {
            await call.RequestStream.WriteAsync(new StreamingSynthesizeRequest { Config = config }, cancellationToken);
            return call;
        }
        catch
        {
            call.Dispose();
            throw;
        }
    }

    /// <summary>Opens a recognition call for one answer; the configuration is sent first.</summary>
    /// <param name="config">Recognition settings; model and segment silence are filled in from the options.</param>
    /// <param name="answerTimeLimit">The answer's time limit; the call's deadline allows a grace period beyond it.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<AsyncDuplexStreamingCall<StreamingRecognizeRequest, StreamingRecognizeResponse>> OpenRecognitionAsync(
        RecognitionConfig config,
        TimeSpan answerTimeLimit,
        CancellationToken cancellationToken)
    {
        config.Model = _options.RecognitionModel;
        config.Endpointing ??= new EndpointingConfig();
        config.Endpointing.MinSilence = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(_options.SegmentSilence);
        var call = client.StreamingRecognize(
            deadline: Deadline(answerTimeLimit + _options.RecognitionGrace),
            cancellationToken: cancellationToken);
        try
        {
            await call.RequestStream.WriteAsync(new StreamingRecognizeRequest { Config = config }, cancellationToken);
            return call;
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

    /// <summary>Speaks a short text as one WAV file (16-bit PCM at the voice's native rate).</summary>
    public async Task<byte[]> SynthesizeWavAsync(string text, string voice, CancellationToken cancellationToken)
    {
        var config = new SynthesisConfig
        {
            Voice = voice,
            AudioFormat = new AudioFormat { Encoding = AudioEncoding.Linear16 },
        };
        using var call = client.Synthesize(
            new SynthesizeRequest { Text = text, Config = config },
            deadline: Deadline(_options.CallTimeout),
            cancellationToken: cancellationToken);
        using var pcm = new MemoryStream();
        var sampleRate = 0;
        await foreach (var response in call.ResponseStream.ReadAllAsync(cancellationToken))
        {
            if (response.AudioFormat is { } format)
            {
                sampleRate = format.SampleRateHertz;
            }
            response.Audio.WriteTo(pcm);
        }
        var samples = PcmCodec.DecodeToMono(pcm.ToArray(), new PcmFormat(SampleEncoding.Linear16, sampleRate, 1));
        return WavFile.Write(samples, sampleRate, SampleEncoding.Linear16);
    }

    /// <summary>Whether a failed call means the Speech service is down, slow or overloaded (as opposed to refusing the request).</summary>
    public static bool IsOutage(RpcException exception) => exception.StatusCode is
        StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.ResourceExhausted or StatusCode.Unknown
        or StatusCode.Internal or StatusCode.Unimplemented or StatusCode.Aborted;

    private static DateTime Deadline(TimeSpan timeout) => DateTime.UtcNow + timeout;
}
