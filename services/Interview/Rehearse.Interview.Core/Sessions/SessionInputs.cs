using System.Diagnostics;
using Rehearse.Interview.Core.Speech;
using Rehearse.Interview.Core.Storage;
using Rehearse.Interview.Interviewers;
using Rehearse.Interview.V1;

namespace Rehearse.Interview.Core.Sessions;

/// <summary>Something a session's actor handles, one at a time, in arrival order.</summary>
internal abstract record SessionInput
{
    /// <summary>The trace context current where the input was made: the client's call, for the candidate's inputs.</summary>
    public ActivityContext Caller { get; } = Activity.Current?.Context ?? default;

    /// <summary>Tells the sender, if any waits for a reply, that the input was refused.</summary>
    public virtual void Fail(Exception error)
    {
    }
}

/// <summary>A control action from the candidate; the reply completes when the action has taken effect.</summary>
internal sealed record ControlInput(ControlAction Action, TaskCompletionSource Reply) : SessionInput
{
    public override void Fail(Exception error) => Reply.TrySetException(error);
}

/// <summary>A piece of answer audio; the reply carries the highest chunk number received.</summary>
internal sealed record AudioInput(ReadOnlyMemory<byte> Audio, CandidateAudioFormat Format, long ChunkSequence, TaskCompletionSource<long> Reply) : SessionInput
{
    public override void Fail(Exception error) => Reply.TrySetException(error);
}

/// <summary>A typed answer.</summary>
internal sealed record TextInput(string Text, TaskCompletionSource Reply) : SessionInput
{
    public override void Fail(Exception error) => Reply.TrySetException(error);
}

/// <summary>The interviewer decided what to say next.</summary>
internal sealed record MoveReady(int Generation, InterviewerMove Move) : SessionInput;

/// <summary>The interviewer failed to decide what to say next.</summary>
internal sealed record MoveFailed(int Generation, Exception Error) : SessionInput;

/// <summary>An utterance's text is complete (its audio may still be on its way).</summary>
internal sealed record UtteranceTextComplete(int Generation, string Text) : SessionInput;

/// <summary>An utterance has been spoken (all its audio sent) or its speech failed.</summary>
internal sealed record UtteranceSpoken(int Generation, SpeakOutcome Outcome) : SessionInput;

/// <summary>The answer's recognition call is open (<paramref name="Error"/> is null) or could not be opened.</summary>
internal sealed record RecognitionOpened(int Generation, Exception? Error) : SessionInput;

/// <summary>Something the answer's recognition call reported.</summary>
internal sealed record RecognitionUpdate(int Generation, RecognitionEvent Event) : SessionInput;

/// <summary>The answer's recognition call ended, normally or with an error.</summary>
internal sealed record RecognitionEnded(int Generation, Exception? Error) : SessionInput;

/// <summary>An answer was assessed (or its assessment failed: <paramref name="Assessment"/> is null).</summary>
internal sealed record AssessmentDone(int TurnIndex, AnswerAssessment? Assessment, Exception? Error) : SessionInput;

/// <summary>The report was written (or writing it failed).</summary>
internal sealed record ReportDone(InterviewReport? Report, Exception? Error) : SessionInput;

/// <summary>The clock: timers (playback end, end-of-answer silence, answer time limit) are checked.</summary>
internal sealed record Tick : SessionInput;

/// <summary>The store went away (false) or came back (true).</summary>
internal sealed record StorageAvailability(bool Available) : SessionInput;

/// <summary>The store refused a write for good; it is not saved.</summary>
internal sealed record StoreWriteRefused(StoreWrite Write) : SessionInput;

/// <summary>A subscriber asked for interviewer audio in a format.</summary>
internal sealed record OutputFormatInput(AudioFormat Format) : SessionInput;

/// <summary>How speaking an utterance went.</summary>
/// <param name="Text">The whole text.</param>
/// <param name="FirstAudioAt">When its first audio was sent; null when no audio was.</param>
/// <param name="AudioDuration">Length of the audio sent.</param>
/// <param name="SpeechError">Why speech failed, when it did (the text was still delivered).</param>
internal sealed record SpeakOutcome(string Text, DateTimeOffset? FirstAudioAt, TimeSpan AudioDuration, Exception? SpeechError);

/// <summary>A session loaded from the store, with its events, handed to a new actor.</summary>
public sealed record LoadedSession(StoredSession Session, IReadOnlyList<SessionEvent> Events);
