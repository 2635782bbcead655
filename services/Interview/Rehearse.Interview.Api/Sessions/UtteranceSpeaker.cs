using System.Text;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Rehearse.Interview.Api.Speech;
using Rehearse.Interview.V1;
using Rehearse.Speech.V1;

namespace Rehearse.Interview.Api.Sessions;

/// <summary>
/// Speaks one interviewer utterance: its text is published as it grows (stored), its audio is broadcast live in
/// the requested format. A whole text goes to <c>Synthesize</c>; text that arrives in fragments goes to
/// <c>StreamingSynthesize</c> so speech starts at the first sentence. When speech fails the text is still
/// delivered, and the outcome says why there was no (or not all) audio.
/// </summary>
internal sealed class UtteranceSpeaker(SpeechGateway speech, SessionEventLog log)
{
    /// <summary>Text spoken so far, readable while speaking (for a barge-in before the text is complete).</summary>
    public string TextSoFar { get; private set; } = "";

    /// <summary>When the first audio was sent.</summary>
    public DateTimeOffset? FirstAudioAt { get; private set; }

    /// <summary>Length of the audio sent so far.</summary>
    public TimeSpan AudioSent { get; private set; }

    public async Task<SpeakOutcome> SpeakAsync(
        InterviewerUtterance template,
        IAsyncEnumerable<string> fragments,
        SynthesisConfig? synthesis,
        Action<string> onTextComplete,
        CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        Exception? speechError = null;
        await using var enumerator = fragments.GetAsyncEnumerator(cancellationToken);
        if (!await enumerator.MoveNextAsync())
        {
            return Complete(template, "", onTextComplete, null);
        }
        text.Append(enumerator.Current);
        if (!await enumerator.MoveNextAsync())
        {
            // The whole text at once.
            var whole = text.ToString();
            Complete(template, whole, onTextComplete, null);
            if (synthesis is not null)
            {
                try
                {
                    await BroadcastAsync(template.UtteranceId, speech.SynthesizeAsync(whole, synthesis, cancellationToken), synthesis, cancellationToken);
                }
                catch (RpcException e) when (!cancellationToken.IsCancellationRequested)
                {
                    speechError = e;
                }
            }
            return new SpeakOutcome(whole, FirstAudioAt, AudioSent, speechError);
        }

        // Fragments as the engine writes them.
        AsyncDuplexStreamingCall<StreamingSynthesizeRequest, SynthesizeResponse>? call = null;
        Task? audio = null;
        if (synthesis is not null)
        {
            try
            {
                call = await speech.OpenStreamingSynthesisAsync(synthesis, cancellationToken);
                audio = BroadcastAsync(template.UtteranceId, call.ResponseStream.ReadAllAsync(cancellationToken), synthesis, cancellationToken);
                await call.RequestStream.WriteAsync(new StreamingSynthesizeRequest { Text = text.ToString() }, cancellationToken);
            }
            catch (RpcException e) when (!cancellationToken.IsCancellationRequested)
            {
                speechError = e;
            }
        }
        try
        {
            do
            {
                Publish(template, text.ToString(), isComplete: false);
                var fragment = enumerator.Current;
                text.Append(fragment);
                if (call is not null && speechError is null)
                {
                    try
                    {
                        await call.RequestStream.WriteAsync(new StreamingSynthesizeRequest { Text = fragment }, cancellationToken);
                    }
                    catch (Exception e) when (e is RpcException or InvalidOperationException && !cancellationToken.IsCancellationRequested)
                    {
                        speechError = e;
                    }
                }
            }
            while (await enumerator.MoveNextAsync());
            var whole = text.ToString();
            Complete(template, whole, onTextComplete, null);
            if (call is not null && speechError is null)
            {
                await call.RequestStream.CompleteAsync();
            }
            if (audio is not null)
            {
                try
                {
                    await audio;
                }
                catch (RpcException e) when (!cancellationToken.IsCancellationRequested)
                {
                    speechError ??= e;
                }
            }
            return new SpeakOutcome(whole, FirstAudioAt, AudioSent, speechError);
        }
        finally
        {
            call?.Dispose();
        }
    }

    private SpeakOutcome Complete(InterviewerUtterance template, string text, Action<string> onTextComplete, Exception? error)
    {
        Publish(template, text, isComplete: true);
        onTextComplete(text);
        return new SpeakOutcome(text, FirstAudioAt, AudioSent, error);
    }

    private void Publish(InterviewerUtterance template, string text, bool isComplete)
    {
        TextSoFar = text;
        var utterance = template.Clone();
        utterance.Text = text;
        utterance.IsComplete = isComplete;
        log.Append(new SessionEvent { InterviewerUtterance = utterance });
    }

    private async Task BroadcastAsync(
        string utteranceId, IAsyncEnumerable<SynthesizeResponse> responses, SynthesisConfig synthesis, CancellationToken cancellationToken)
    {
        var format = new V1.AudioFormat
        {
            SampleRateHertz = synthesis.AudioFormat.SampleRateHertz,
            Encoding = synthesis.AudioFormat.Encoding == Rehearse.Speech.V1.AudioEncoding.Float32 ? V1.AudioEncoding.Float32 : V1.AudioEncoding.Linear16,
        };
        var sentenceIndex = 0;
        var sentenceText = "";
        await foreach (var response in responses.WithCancellation(cancellationToken))
        {
            if (response.AudioFormat is { SampleRateHertz: > 0 } produced)
            {
                format.SampleRateHertz = produced.SampleRateHertz;
            }
            sentenceIndex = response.SentenceIndex;
            sentenceText = response.SentenceText;
            if (response.Audio.IsEmpty)
            {
                continue;
            }
            FirstAudioAt ??= DateTimeOffset.UtcNow;
            var duration = response.Duration?.ToTimeSpan() ?? TimeSpan.Zero;
            log.Broadcast(new SessionEvent
            {
                InterviewerAudio = new InterviewerAudio
                {
                    UtteranceId = utteranceId,
                    Audio = response.Audio,
                    Format = format,
                    Offset = Duration.FromTimeSpan(AudioSent),
                    Duration = Duration.FromTimeSpan(duration),
                    SentenceIndex = sentenceIndex,
                    SentenceText = sentenceText,
                },
            });
            AudioSent += duration;
        }
        // An empty closing piece marks the end, so no audio is held back waiting to know which piece is last.
        log.Broadcast(new SessionEvent
        {
            InterviewerAudio = new InterviewerAudio
            {
                UtteranceId = utteranceId,
                Format = format,
                Offset = Duration.FromTimeSpan(AudioSent),
                Duration = new Duration(),
                SentenceIndex = sentenceIndex,
                SentenceText = sentenceText,
                IsLast = true,
            },
        });
    }
}
