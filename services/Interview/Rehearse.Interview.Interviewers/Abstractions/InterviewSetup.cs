namespace Rehearse.Interview.Interviewers;

/// <summary>The kind of interview.</summary>
public enum InterviewKind
{
    /// <summary>Technical knowledge and problem solving.</summary>
    Technical,

    /// <summary>Past behaviour and experience, answered in STAR form.</summary>
    Behavioral,

    /// <summary>Designing a system at scale.</summary>
    SystemDesign,
}

/// <summary>How demanding the questions are.</summary>
public enum DifficultyLevel
{
    /// <summary>Entry level.</summary>
    Easy,

    /// <summary>Mid level.</summary>
    Medium,

    /// <summary>Senior level.</summary>
    Hard,
}

/// <summary>What decides questions, follow-ups and scores.</summary>
public enum InterviewerEngineKind
{
    /// <summary>The built-in interviewer: question banks and rule-based scoring, no network.</summary>
    Offline,

    /// <summary>Google Gemini through its OpenAI-compatible endpoint.</summary>
    Gemini,

    /// <summary>Any OpenAI-compatible chat endpoint (Ollama, vLLM, ...).</summary>
    OpenAiCompatible,
}

/// <summary>How a session was set up.</summary>
/// <param name="Role">Role id from <see cref="QuestionBanks.QuestionBankCatalog"/> (e.g. "backend").</param>
/// <param name="Kind">The kind of interview.</param>
/// <param name="Difficulty">How demanding the questions are.</param>
/// <param name="QuestionCount">Main questions to ask (follow-ups come on top).</param>
/// <param name="JobDescription">Optional job description text, to tailor questions and check keyword coverage.</param>
/// <param name="Resume">Optional résumé text, to tailor questions.</param>
public sealed record InterviewSetup(
    string Role,
    InterviewKind Kind,
    DifficultyLevel Difficulty,
    int QuestionCount,
    string? JobDescription,
    string? Resume)
{
    /// <summary>
    /// The bank questions this user was asked in earlier sessions, by id, with when each was last asked; planning
    /// asks the others first. Only planning reads it, so a session restored from the store leaves it empty.
    /// </summary>
    public IReadOnlyDictionary<string, DateTimeOffset> AskedBefore { get; init; } = new Dictionary<string, DateTimeOffset>();

    /// <summary>
    /// How many of the main questions are coding problems, asked last (all of them in a coding interview). The
    /// session plans those itself from the code runner's catalogue: an engine plans the others.
    /// </summary>
    public int CodingQuestionCount { get; init; }
}

/// <summary>A main question chosen for a session.</summary>
/// <param name="Id">Stable id (the bank question's id, or an engine-made id such as "llm-3").</param>
/// <param name="Text">The question as spoken.</param>
/// <param name="KeyPoints">Points a strong answer covers, as short phrases.</param>
/// <param name="ExampleAnswer">A short example of a strong answer, when known.</param>
public sealed record PlannedQuestion(string Id, string Text, IReadOnlyList<string> KeyPoints, string? ExampleAnswer)
{
    /// <summary>The programming problem, for a coding question (its text is then the spoken introduction); null otherwise.</summary>
    public Coding.CodingProblemBrief? Coding { get; init; }
}
