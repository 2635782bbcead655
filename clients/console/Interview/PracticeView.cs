using Rehearse.Interview.V1;

namespace Rehearse.Console.Interview;

/// <summary>How an interview in progress is shown. Calls come from one event loop, in event order.</summary>
public interface IPracticeView : IAsyncDisposable
{
    /// <summary>Shows the view (a live display starts drawing).</summary>
    void Start(Session session, AnswerMode mode);

    /// <summary>The session moved to another state.</summary>
    void OnState(StateChanged change);

    /// <summary>The interviewer said something (complete text).</summary>
    void OnInterviewer(InterviewerUtterance utterance);

    /// <summary>How the interviewer reads the candidate's pause changed (live sessions only).</summary>
    void OnListening(ListeningUpdate update);

    /// <summary>
    /// The interviewer stopped speaking an utterance: the candidate cut it off, or (withdrawn) went on with the
    /// answer the interviewer had taken as finished, which takes the utterance back.
    /// </summary>
    void OnInterrupted(InterviewerInterrupted interrupted);

    /// <summary>A transcript of the candidate's speech.</summary>
    void OnTranscript(TranscriptUpdate update);

    /// <summary>An answer was recorded.</summary>
    void OnAnswer(AnswerCompleted answer);

    /// <summary>An answer was scored.</summary>
    void OnScore(AnswerScored scored);

    /// <summary>Practice mode: the feedback on a main question, shown until the candidate tries again or continues.</summary>
    void OnFeedback(AnswerFeedback feedback);

    /// <summary>A message from the service, or from the client itself.</summary>
    void OnNotice(NoticeLevel level, string message);

    /// <summary>Stops any live drawing so the report can be printed below.</summary>
    Task StopAsync();
}

/// <summary>How the candidate answers.</summary>
public enum AnswerMode
{
    /// <summary>Spoken into the microphone.</summary>
    Microphone,

    /// <summary>From WAV files given with --answers.</summary>
    Files,

    /// <summary>Typed in the terminal (or piped in, one answer per line).</summary>
    Typed,
}
