namespace Rehearse.Interview.Interviewers.Hosting;

/// <summary>Interviewer settings, bound from the "Interviewers" configuration section.</summary>
public sealed class InterviewersOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Interviewers";

    /// <summary>The engine for sessions that do not name one.</summary>
    public InterviewerEngineKind DefaultEngine { get; set; } = InterviewerEngineKind.Offline;

    /// <summary>Question bank settings.</summary>
    public QuestionBankOptions QuestionBanks { get; set; } = new();

    /// <summary>Offline interviewer settings.</summary>
    public OfflineInterviewerOptions Offline { get; set; } = new();

    /// <summary>Speech analytics settings.</summary>
    public SpeechAnalyticsOptions Analytics { get; set; } = new();

    /// <summary>Google Gemini settings.</summary>
    public GeminiOptions Gemini { get; set; } = new();

    /// <summary>OpenAI-compatible endpoint settings.</summary>
    public OpenAiCompatibleOptions OpenAiCompatible { get; set; } = new();

    /// <summary>Settings shared by the language-model engines.</summary>
    public LanguageModelOptions LanguageModel { get; set; } = new();
}

/// <summary>Where user question banks are.</summary>
public sealed class QuestionBankOptions
{
    /// <summary>A directory of *.yaml, *.yml or *.json banks merged with the built-in ones. Empty: built-in only.</summary>
    public string? Directory { get; set; }
}

/// <summary>How the offline interviewer plans and follows up.</summary>
public sealed class OfflineInterviewerOptions
{
    /// <summary>Seed for question choice and wording; unset chooses differently every session.</summary>
    public int? Seed { get; set; }

    /// <summary>Most follow-ups after one main question, 0 to 3.</summary>
    public int MaxFollowUpsPerQuestion { get; set; } = 1;

    /// <summary>Answers with fewer words than this get a "tell me more" follow-up and lower scores.</summary>
    public int ShortAnswerWords { get; set; } = 40;
}

/// <summary>How speech analytics are measured.</summary>
public sealed class SpeechAnalyticsOptions
{
    /// <summary>Silences inside an answer longer than this count as long pauses.</summary>
    public TimeSpan LongPauseThreshold { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Count the voiced hesitations ("uh", "um") the Speech service hears in the answer's audio, which the recognizer leaves out of the text.</summary>
    public bool DetectAudioHesitations { get; set; } = true;
}

/// <summary>Google Gemini through its OpenAI-compatible endpoint.</summary>
public sealed class GeminiOptions
{
    /// <summary>API key; when empty the GEMINI_API_KEY environment variable is used. No key: the engine is unavailable.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Base URL of the OpenAI-compatible API.</summary>
    public Uri BaseUrl { get; set; } = new("https://generativelanguage.googleapis.com/v1beta/openai/");

    /// <summary>Model name.</summary>
    public string Model { get; set; } = "gemini-2.5-flash";
}

/// <summary>An OpenAI-compatible chat endpoint (Ollama, vLLM, llama.cpp server, ...).</summary>
public sealed class OpenAiCompatibleOptions
{
    /// <summary>Base URL including the version path, e.g. http://127.0.0.1:11434/v1/. Empty: the engine is unavailable.</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>Model name, e.g. "llama3.1:8b".</summary>
    public string? Model { get; set; }

    /// <summary>API key, when the endpoint needs one.</summary>
    public string? ApiKey { get; set; }
}

/// <summary>Timeouts, retries and sampling for the language-model engines.</summary>
public sealed class LanguageModelOptions
{
    /// <summary>Longest wait for one request (streaming: for the whole reply).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Retries after a rate limit (429), a server error (5xx) or a timeout, 0 to 10.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>First back-off delay; doubled on each retry (a Retry-After header wins).</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest back-off delay, also the cap on Retry-After.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Sampling temperature, 0 to 2.</summary>
    public float Temperature { get; set; } = 0.4f;
}
