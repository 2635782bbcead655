using Google.Protobuf.WellKnownTypes;
using Rehearse.Interview.Core.Contracts;
using Rehearse.Interview.Core.Speech;
using Rehearse.Interview.Core.Storage;
using Rehearse.Interview.Interviewers;
using Rehearse.Interview.V1;

namespace Rehearse.Interview.Core.Sessions;

/// <summary>Builds the session's events, so the contract's shape of each is written once.</summary>
internal static class SessionEvents
{
    public static SessionEvent StateChanged(SessionState previous, SessionState current, int questionIndex, int questionCount) => new()
    {
        StateChanged = new StateChanged { Previous = previous, Current = current, QuestionIndex = questionIndex, QuestionCount = questionCount },
    };

    public static SessionEvent Notice(NoticeLevel level, string code, string message) =>
        new() { Notice = new Notice { Level = level, Code = code, Message = message } };

    public static SessionEvent StorageAvailability(bool available) => available
        ? Notice(NoticeLevel.Info, "storage_restored", "The database is back; everything from the interview so far is saved.")
        : Notice(NoticeLevel.Warning, "storage_unavailable", "The database is unreachable. The interview goes on and is saved as soon as it is back.");

    /// <summary>The code of the notice that a write was refused by the store.</summary>
    public const string WriteRefusedCode = "storage_write_failed";

    public static SessionEvent WriteRefused(StoreWrite write) => Notice(NoticeLevel.Error, WriteRefusedCode, write switch
    {
        SaveTurnWrite => "An answer could not be saved; the interview goes on, but the saved session will miss that answer.",
        SaveReportWrite => "The report could not be saved; it is shown now but will not be kept.",
        _ => "Part of the interview could not be saved; the interview goes on, but the saved session will miss it.",
    });

    public static SessionEvent CandidateSpeech(bool speaking, int turnIndex, TimeSpan offset) => new()
    {
        CandidateSpeech = new CandidateSpeech { Speaking = speaking, TurnIndex = turnIndex, Offset = Duration.FromTimeSpan(offset) },
    };

    public static SessionEvent Transcript(int turnIndex, int segmentIndex, RecognizedSpeech speech, TimeSpan start, TimeSpan end) => new()
    {
        Transcript = new TranscriptUpdate
        {
            TurnIndex = turnIndex,
            Text = speech.Transcript,
            IsFinal = speech.IsFinal,
            SegmentIndex = segmentIndex,
            StartOffset = Duration.FromTimeSpan(start),
            EndOffset = Duration.FromTimeSpan(end),
            Stability = speech.IsFinal ? 1 : speech.Stability,
        },
    };

    public static SessionEvent InterviewerInterrupted(string utteranceId, TimeSpan played, bool withdrawn) => new()
    {
        InterviewerInterrupted = new InterviewerInterrupted { UtteranceId = utteranceId, Played = Duration.FromTimeSpan(played), Withdrawn = withdrawn },
    };

    public static SessionEvent ListeningUpdate(ListeningUpdate update) => new() { ListeningUpdate = update };

    public static SessionEvent InterviewerUtterance(InterviewerUtterance template, string text, bool isComplete)
    {
        var utterance = template.Clone();
        utterance.Text = text;
        utterance.IsComplete = isComplete;
        return new SessionEvent { InterviewerUtterance = utterance };
    }

    /// <summary>A piece of interviewer audio; an empty last piece marks the end of the utterance's audio.</summary>
    public static SessionEvent InterviewerAudio(string utteranceId, AudioFormat format, SynthesizedAudio? piece, TimeSpan offset, int sentenceIndex, string sentenceText) => new()
    {
        InterviewerAudio = new InterviewerAudio
        {
            UtteranceId = utteranceId,
            Audio = piece?.Audio ?? Google.Protobuf.ByteString.Empty,
            Format = format,
            Offset = Duration.FromTimeSpan(offset),
            Duration = Duration.FromTimeSpan(piece?.Duration ?? TimeSpan.Zero),
            SentenceIndex = sentenceIndex,
            SentenceText = sentenceText,
            IsLast = piece is null,
        },
    };

    public static SessionEvent AnswerScored(int turnIndex, AnswerAssessment assessment) => new()
    {
        AnswerScored = new AnswerScored { TurnIndex = turnIndex, Scores = ProtoMapping.ToProto(assessment.Scores) },
    };
}
