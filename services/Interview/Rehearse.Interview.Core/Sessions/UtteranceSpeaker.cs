using System.Text;
using Rehearse.Interview.Core.Speech;
using Rehearse.Interview.V1;

namespace Rehearse.Interview.Core.Sessions;

/// <summary>
/// Speaks one interviewer utterance: its text is published as it grows (stored), its audio is broadcast live in
/// the requested format. A whole text is synthesized at once; text that arrives in fragments goes to a streaming
/// synthesis so speech starts at the first sentence. When speech fails the text is still delivered, and the
/// outcome says why there was no (or not all) audio.
/// </summary>
internal sealed class UtteranceSpeaker(ISpeechPort speech, SessionEventLog log, TimeProvider clock)
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
        SynthesisSettings? synthesis,
        Action<string> onTextComplete,
        CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        Exception? speechError = null;
        await using var enumerator = fragments.GetAsyncEnumerator(cancellationToken);
        if (!await enumerator.MoveNextAsync())
        {
            return Complete(template, "", onTextComplete);
        }
        text.Append(enumerator.Current);
        if (!await enumerator.MoveNextAsync())
        {
            // The whole text at once.
            var whole = text.ToString();
            Complete(template, whole, onTextComplete);
            if (synthesis is not null)
            {
                try
                {
                    await BroadcastAsync(template.UtteranceId, speech.SynthesizeAsync(whole, synthesis, cancellationToken), synthesis, cancellationToken);
                }
                catch (SpeechUnavailableException e)
                {
                    speechError = e;
                }
            }
            return new SpeakOutcome(whole, FirstAudioAt, AudioSent, speechError);
        }

        // Fragments as the engine writes them.
        IStreamingSynthesis? stream = null;
        Task? audio = null;
        if (synthesis is not null)
        {
            try
            {
                stream = await speech.OpenStreamingSynthesisAsync(synthesis, cancellationToken);
                audio = BroadcastAsync(template.UtteranceId, stream.ReadAllAsync(cancellationToken), synthesis, cancellationToken);
                await stream.WriteAsync(text.ToString(), cancellationToken);
            }
            catch (SpeechUnavailableException e)
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
                if (stream is not null && speechError is null)
                {
                    try
                    {
                        await stream.WriteAsync(fragment, cancellationToken);
                    }
                    catch (SpeechUnavailableException e)
                    {
                        speechError = e;
                    }
                }
            }
            while (await enumerator.MoveNextAsync());
            var whole = text.ToString();
            Complete(template, whole, onTextComplete);
            if (stream is not null && speechError is null)
            {
                await stream.CompleteAsync();
            }
            if (audio is not null)
            {
                try
                {
                    await audio;
                }
                catch (SpeechUnavailableException e)
                {
                    speechError ??= e;
                }
            }
            return new SpeakOutcome(whole, FirstAudioAt, AudioSent, speechError);
        }
        finally
        {
            if (stream is not null)
            {
                await stream.DisposeAsync();
            }
        }
    }

    private SpeakOutcome Complete(InterviewerUtterance template, string text, Action<string> onTextComplete)
    {
        Publish(template, text, isComplete: true);
        onTextComplete(text);
        return new SpeakOutcome(text, FirstAudioAt, AudioSent, null);
    }

    private void Publish(InterviewerUtterance template, string text, bool isComplete)
    {
        TextSoFar = text;
        log.Append(SessionEvents.InterviewerUtterance(template, text, isComplete));
    }

    private async Task BroadcastAsync(
        string utteranceId, IAsyncEnumerable<SynthesizedAudio> pieces, SynthesisSettings synthesis, CancellationToken cancellationToken)
    {
        var format = new AudioFormat
        {
            SampleRateHertz = synthesis.SampleRateHertz,
            Encoding = synthesis.Float32 ? AudioEncoding.Float32 : AudioEncoding.Linear16,
        };
        var sentenceIndex = 0;
        var sentenceText = "";
        await foreach (var piece in pieces.WithCancellation(cancellationToken))
        {
            if (piece.SampleRateHertz > 0)
            {
                format.SampleRateHertz = piece.SampleRateHertz;
            }
            sentenceIndex = piece.SentenceIndex;
            sentenceText = piece.SentenceText;
            if (piece.Audio.IsEmpty)
            {
                continue;
            }
            FirstAudioAt ??= clock.GetUtcNow();
            log.Broadcast(SessionEvents.InterviewerAudio(utteranceId, format, piece, AudioSent, sentenceIndex, sentenceText));
            AudioSent += piece.Duration;
        }
        // An empty closing piece marks the end, so no audio is held back waiting to know which piece is last.
        log.Broadcast(SessionEvents.InterviewerAudio(utteranceId, format, null, AudioSent, sentenceIndex, sentenceText));
    }
}
