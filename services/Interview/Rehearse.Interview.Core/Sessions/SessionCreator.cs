using Rehearse.Interview.Core.Contracts;
using Rehearse.Interview.Core.Errors;
using Rehearse.Interview.Core.Storage;
using Rehearse.Interview.Interviewers;
using Rehearse.Interview.Interviewers.QuestionBanks;
using Rehearse.Interview.V1;

namespace Rehearse.Interview.Core.Sessions;

/// <summary>
/// Turns a requested set-up into a stored session: checks every field against its limit, reduces documents to
/// text, and has the chosen interviewer plan the questions.
/// </summary>
public sealed class SessionCreator(
    ISessionStore store,
    IInterviewerFactory interviewers,
    QuestionBankCatalog catalog,
    IDocumentTextExtractor documents,
    Microsoft.Extensions.Options.IOptions<InterviewOptions> options)
{
    private const int DefaultQuestionCount = 5;
    private const int MaxQuestionCount = 20;

    /// <summary>Longest role: a catalog id or, for the language-model engines, a job title.</summary>
    public const int MaxRoleCharacters = 200;

    /// <summary>Longest voice id.</summary>
    public const int MaxVoiceCharacters = 100;

    public async Task<SessionSummary> CreateAsync(Guid userId, SessionConfig? config, CancellationToken cancellationToken)
    {
        var settings = Validate(config ?? throw Invalid("config", "required."));
        var engine = ProtoMapping.ToEngineKind(settings.Engine);
        var availability = interviewers.Engines.FirstOrDefault(e => e.Engine == engine);
        if (availability is not { Available: true })
        {
            throw new SessionStateException(
                $"config.engine: {settings.Engine} is not available on this server{(availability?.UnavailableReason is { } why ? $" ({why})" : "")}.");
        }
        var setup = ProtoMapping.ToSetup(settings) with
        {
            AskedBefore = await store.QuestionsAskedAsync(userId, settings.Role, settings.InterviewType, cancellationToken),
        };
        // What the interviewer reports while planning (a retry, the built-in questions standing in for the model's)
        // becomes the session's first events, so the client learns of it when it starts following the session.
        var notices = new List<InterviewerNotice>();
        IReadOnlyList<PlannedQuestion> plan;
        try
        {
            plan = await interviewers.Create(engine, notices.Add).PlanAsync(setup, cancellationToken);
        }
        catch (ArgumentException e)
        {
            throw Invalid("config", e.Message);
        }
        if (plan.Count == 0)
        {
            throw Invalid("config.role", $"no questions for '{RequestFields.Quote(settings.Role)}' in a {settings.InterviewType} interview.");
        }
        var role = catalog.FindRole(settings.Role)?.DisplayName ?? settings.Role;
        var title = $"{role} · {Words(settings.InterviewType.ToString())} · {settings.Difficulty.ToString().ToLowerInvariant()}";
        var events = notices.Select(n => new SessionEvent { Notice = ProtoMapping.ToProto(n) }).ToList();
        return await store.CreateSessionAsync(userId, settings with { QuestionCount = plan.Count }, plan, title, events, cancellationToken);
    }

    private SessionSettings Validate(SessionConfig config)
    {
        var limits = options.Value;
        if (string.IsNullOrWhiteSpace(config.Role))
        {
            throw Invalid("config.role", "required; see GetSetupOptions for the roles.");
        }
        RequestFields.Text(config.Role, "config.role", MaxRoleCharacters);
        RequestFields.Text(config.Voice, "config.voice", MaxVoiceCharacters);
        RequestFields.Enum(config.InterviewType, "config.interview_type");
        RequestFields.Enum(config.Difficulty, "config.difficulty");
        RequestFields.Enum(config.Engine, "config.engine");
        if (catalog.FindRole(config.Role) is null && ProtoMapping.ToEngineKind(Engine(config)) == InterviewerEngineKind.Offline)
        {
            throw Invalid("config.role", $"'{RequestFields.Quote(config.Role)}' is not a known role; the roles are {string.Join(", ", catalog.Roles.Select(r => r.Id))} (GetSetupOptions).");
        }
        if (config.QuestionCount is < 0 or > MaxQuestionCount)
        {
            throw Invalid("config.question_count", $"{config.QuestionCount} is outside 1 to {MaxQuestionCount}.");
        }
        var answerLimit = RequestFields.Duration(config.AnswerTimeLimit, "config.answer_time_limit") ?? limits.AnswerTimeLimit;
        if (answerLimit < TimeSpan.FromSeconds(10) || answerLimit > TimeSpan.FromMinutes(30))
        {
            throw Invalid("config.answer_time_limit", $"{answerLimit.TotalSeconds:0.###} s is outside 10 s to 30 min.");
        }
        RequestFields.Enum(config.Patience, "config.patience");
        var silence = RequestFields.Duration(config.EndOfAnswerSilence, "config.end_of_answer_silence");
        if (silence is { } ceiling && (ceiling < TimeSpan.FromSeconds(1) || ceiling > TimeSpan.FromSeconds(10)))
        {
            throw Invalid("config.end_of_answer_silence", $"{ceiling.TotalSeconds:0.###} s is outside 1 s to 10 s.");
        }
        return new SessionSettings(
            config.Role.Trim(),
            config.InterviewType == InterviewType.Unspecified ? InterviewType.Technical : config.InterviewType,
            config.Difficulty == Difficulty.Unspecified ? Difficulty.Medium : config.Difficulty,
            config.QuestionCount == 0 ? DefaultQuestionCount : config.QuestionCount,
            string.IsNullOrWhiteSpace(config.Voice) ? limits.DefaultVoice : config.Voice.Trim(),
            DocumentText(config.JobDescription, "config.job_description"),
            DocumentText(config.Resume, "config.resume"),
            Engine(config),
            config.Spoken,
            answerLimit,
            silence,
            config.Patience == Patience.Unspecified ? Patience.Normal : config.Patience);
    }

    private InterviewerEngine Engine(SessionConfig config) =>
        config.Engine == InterviewerEngine.Unspecified ? ProtoMapping.ToProto(interviewers.DefaultEngine) : config.Engine;

    private string? DocumentText(Document? document, string field)
    {
        var limits = options.Value;
        string? text;
        switch (document?.ContentCase)
        {
            case null or Document.ContentOneofCase.None:
                return null;
            case Document.ContentOneofCase.Pdf:
                if (document.Pdf.Length > limits.MaxDocumentPdfBytes)
                {
                    throw Invalid($"{field}.pdf", $"{document.Pdf.Length} bytes is more than the limit of {limits.MaxDocumentPdfBytes} bytes.");
                }
                try
                {
                    // One character past the limit is enough to tell a PDF whose text is too long.
                    text = documents.ExtractPdf(document.Pdf.Memory, limits.MaxDocumentCharacters + 1);
                }
                catch (InvalidDataException e)
                {
                    throw Invalid($"{field}.pdf", e.Message);
                }
                if (text.Length > limits.MaxDocumentCharacters)
                {
                    throw Invalid($"{field}.pdf", $"the PDF's text is longer than the limit of {limits.MaxDocumentCharacters} characters; shorten it or paste the part that matters.");
                }
                // The caller cannot edit a PDF's text, so stray control characters in it are dropped rather than refused.
                text = RequestFields.WithoutControls(text);
                break;
            default:
                text = document.Text;
                break;
        }
        text = RequestFields.Text(text.Trim(), field, limits.MaxDocumentCharacters);
        return text.Length == 0 ? null : text;
    }

    private static string Words(string pascal) =>
        string.Concat(pascal.Select((c, i) => i > 0 && char.IsUpper(c) ? " " + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    private static InvalidSessionRequestException Invalid(string field, string message) => new(field, message);
}

/// <summary>Reads the text of an uploaded document.</summary>
public interface IDocumentTextExtractor
{
    /// <summary>The text of a PDF file, cut after <paramref name="maxCharacters"/>.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a readable PDF.</exception>
    string ExtractPdf(ReadOnlyMemory<byte> pdf, int maxCharacters);
}
