namespace Rehearse.Interview.Interviewers;

/// <summary>How often one filler word or phrase was heard.</summary>
public sealed record FillerCount(string Filler, int Count);

/// <summary>Speech analytics of an answer (or of all spoken answers together).</summary>
/// <param name="WordCount">Words in the answer.</param>
/// <param name="WordsPerMinute">Words per minute of speaking time.</param>
/// <param name="FillersPer100Words">Fillers heard per 100 words.</param>
/// <param name="Fillers">Fillers by kind, most frequent first; audio hesitations appear as "uh/um (audio)".</param>
/// <param name="LongPauseCount">Pauses longer than the long-pause threshold inside the answer.</param>
/// <param name="LongestPause">The longest pause inside the answer.</param>
/// <param name="SpeakingDuration">Time spent speaking.</param>
/// <param name="AnswerDuration">From the end of the question to the end of the answer.</param>
/// <param name="AudioHesitationCount">Voiced hesitations found in the audio that the transcript does not show.</param>
public sealed record SpeechAnalytics(
    int WordCount,
    double WordsPerMinute,
    double FillersPer100Words,
    IReadOnlyList<FillerCount> Fillers,
    int LongPauseCount,
    TimeSpan LongestPause,
    TimeSpan SpeakingDuration,
    TimeSpan AnswerDuration,
    int AudioHesitationCount);
