using Rehearse.Interview.V1;

namespace Rehearse.Console.Interview;

/// <summary>The command-line and display names of the contract's enums.</summary>
public static class InterviewNames
{
    /// <summary>--type values.</summary>
    public static readonly string[] TypeNames = ["technical", "behavioral", "system-design", "coding"];

    /// <summary>--language values (the coding round's).</summary>
    public static readonly string[] LanguageNames = ["python", "javascript"];

    /// <summary>--difficulty values.</summary>
    public static readonly string[] DifficultyNames = ["easy", "medium", "hard"];

    /// <summary>--engine values.</summary>
    public static readonly string[] EngineNames = ["offline", "gemini", "openai-compatible"];

    /// <summary>--patience values.</summary>
    public static readonly string[] PatienceNames = ["relaxed", "normal", "brisk"];

    /// <summary>The interview type of a --type value.</summary>
    public static InterviewType ParseType(string name) => name switch
    {
        "behavioral" => InterviewType.Behavioral,
        "system-design" => InterviewType.SystemDesign,
        "coding" => InterviewType.Coding,
        _ => InterviewType.Technical,
    };

    /// <summary>
    /// The coding language of a --language value; without one, of the code file's extension (.js, .mjs, .cjs:
    /// JavaScript), else Python.
    /// </summary>
    public static Rehearse.Coding.V1.Language ParseLanguage(string? name, string? codeFile) => name switch
    {
        "javascript" => Rehearse.Coding.V1.Language.Javascript,
        "python" => Rehearse.Coding.V1.Language.Python,
        _ => Path.GetExtension(codeFile ?? "").ToLowerInvariant() is ".js" or ".mjs" or ".cjs"
            ? Rehearse.Coding.V1.Language.Javascript
            : Rehearse.Coding.V1.Language.Python,
    };

    /// <summary>A coding language for people.</summary>
    public static string CodingLanguage(Rehearse.Coding.V1.Language language) => language switch
    {
        Rehearse.Coding.V1.Language.Python => "Python",
        Rehearse.Coding.V1.Language.Javascript => "JavaScript",
        _ => "unknown language",
    };

    /// <summary>A problem's difficulty for people.</summary>
    public static string ProblemDifficulty(Rehearse.Coding.V1.Difficulty difficulty) => difficulty switch
    {
        Rehearse.Coding.V1.Difficulty.Easy => "easy",
        Rehearse.Coding.V1.Difficulty.Medium => "medium",
        Rehearse.Coding.V1.Difficulty.Hard => "hard",
        _ => "unrated",
    };

    /// <summary>The --type value of an interview type.</summary>
    public static string TypeName(InterviewType type) => type switch
    {
        InterviewType.Behavioral => "behavioral",
        InterviewType.SystemDesign => "system-design",
        InterviewType.Coding => "coding",
        _ => "technical",
    };

    /// <summary>The difficulty of a --difficulty value.</summary>
    public static Difficulty ParseDifficulty(string name) => name switch
    {
        "easy" => Difficulty.Easy,
        "hard" => Difficulty.Hard,
        _ => Difficulty.Medium,
    };

    /// <summary>The engine of an --engine value (null: the server's default).</summary>
    public static InterviewerEngine ParseEngine(string? name) => name switch
    {
        "offline" => InterviewerEngine.Offline,
        "gemini" => InterviewerEngine.Gemini,
        "openai-compatible" => InterviewerEngine.OpenaiCompatible,
        _ => InterviewerEngine.Unspecified,
    };

    /// <summary>The patience of a --patience value (null: the server's default, normal).</summary>
    public static Patience ParsePatience(string? name) => name switch
    {
        "relaxed" => Patience.Relaxed,
        "normal" => Patience.Normal,
        "brisk" => Patience.Brisk,
        _ => Patience.Unspecified,
    };

    /// <summary>How the interviewer reads a pause in the answer, for people; empty while it just listens.</summary>
    public static string Listening(ListeningStatus status) => status switch
    {
        ListeningStatus.TakingTime => "take your time…",
        ListeningStatus.LikelyDone => "about to reply",
        _ => "",
    };

    /// <summary>A state for people.</summary>
    public static string State(SessionState state) => state switch
    {
        SessionState.Created => "created",
        SessionState.Speaking => "speaking",
        SessionState.Listening => "listening",
        SessionState.Thinking => "thinking",
        SessionState.Paused => "paused",
        SessionState.Finished => "finished",
        _ => "unknown",
    };

    /// <summary>An engine for people.</summary>
    public static string Engine(InterviewerEngine engine) => engine switch
    {
        InterviewerEngine.Offline => "offline",
        InterviewerEngine.Gemini => "Gemini",
        InterviewerEngine.OpenaiCompatible => "OpenAI-compatible",
        _ => "default",
    };

    /// <summary>Why an answer ended, for people.</summary>
    public static string EndReason(AnswerEndReason reason) => reason switch
    {
        AnswerEndReason.Silence => "you paused",
        AnswerEndReason.Done => "you finished",
        AnswerEndReason.TimeLimit => "time limit",
        AnswerEndReason.Typed => "typed",
        AnswerEndReason.Skipped => "skipped",
        AnswerEndReason.SessionEnded => "session ended",
        AnswerEndReason.Submitted => "code submitted",
        _ => "",
    };
}
