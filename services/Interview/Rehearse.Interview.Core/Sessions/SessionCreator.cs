using Rehearse.Interview.Core.Coding;
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
    ICodeRunnerPort codeRunner,
    Microsoft.Extensions.Options.IOptions<InterviewOptions> options)
{
    private const int DefaultQuestionCount = 5;
    private const int DefaultCodingQuestionCount = 2;
    private const int MaxQuestionCount = 20;

    /// <summary>Longest role: a catalog id or, for the language-model engines, a job title.</summary>
    public const int MaxRoleCharacters = 200;

    /// <summary>Longest voice id.</summary>
    public const int MaxVoiceCharacters = 100;

    public async Task<SessionSummary> CreateAsync(Guid userId, SessionConfig? config, CancellationToken cancellationToken)
    {
        var settings = Validate(config ?? throw Invalid("config", "required."));
        RequireEngine(settings);
        var setup = ProtoMapping.ToSetup(settings) with
        {
            AskedBefore = await store.QuestionsAskedAsync(userId, settings.Role, settings.InterviewType, cancellationToken),
        };
        // What the interviewer reports while planning (a retry, the built-in questions standing in for the model's)
        // becomes the session's first events, so the client learns of it when it starts following the session.
        var notices = new List<InterviewerNotice>();
        var plan = new List<PlannedQuestion>();
        // The engine plans the spoken questions; the coding problems, asked last, come from the code runner.
        var spokenCount = settings.QuestionCount - settings.CodingQuestionCount;
        if (spokenCount > 0)
        {
            try
            {
                plan.AddRange(await interviewers.Create(ProtoMapping.ToEngineKind(settings.Engine), notices.Add).PlanAsync(setup with { QuestionCount = spokenCount }, cancellationToken));
            }
            catch (ArgumentException e)
            {
                throw Invalid("config", e.Message);
            }
        }
        if (settings.CodingQuestionCount > 0)
        {
            var coding = await new CodingPlanner(codeRunner).PlanAsync(
                settings.CodingQuestionCount, setup.Difficulty, settings.CodingLanguage, setup.AskedBefore, cancellationToken);
            if (coding.Count == 0)
            {
                throw Invalid("config.coding_language", $"the code runner has no problems in {CodingTasks.Name(settings.CodingLanguage)}.");
            }
            plan.AddRange(coding);
        }
        if (plan.Count == 0)
        {
            throw Invalid("config.role", $"no questions for '{RequestFields.Quote(settings.Role)}' in a {settings.InterviewType} interview.");
        }
        var role = catalog.FindRole(settings.Role)?.DisplayName ?? settings.Role;
        var title = $"{role} · {Words(settings.InterviewType.ToString())} · {settings.Difficulty.ToString().ToLowerInvariant()}";
        var events = notices.Select(n => new SessionEvent { Notice = ProtoMapping.ToProto(n) }).ToList();
        settings = settings with { QuestionCount = plan.Count, CodingQuestionCount = plan.Count(q => q.Coding is not null) };
        return await store.CreateSessionAsync(userId, settings, plan, title, events, cancellationToken);
    }

    /// <summary>
    /// A practice session on one question of a finished session, set up as that session was; <paramref name="config"/>
    /// may change how it is conducted (voice, spoken, answer time limit, end-of-answer silence, patience), not what is
    /// asked.
    /// </summary>
    /// <exception cref="SessionStateException">The earlier session has not finished.</exception>
    /// <exception cref="InvalidSessionRequestException">The question index is outside its plan, or a setting is invalid.</exception>
    public async Task<SessionSummary> CreateRedoAsync(
        Guid userId, StoredSession source, int questionIndex, SessionConfig? config, CancellationToken cancellationToken)
    {
        if (source.Summary.State != SessionState.Finished)
        {
            throw new SessionStateException(
                $"redo_question.session_id: the session is {source.Summary.State}; a question can be practised again once its session has finished.");
        }
        if (questionIndex < 0 || questionIndex >= source.Plan.Count)
        {
            throw Invalid("redo_question.question_index", $"{questionIndex} is outside 0 to {source.Plan.Count - 1} (the session's questions).");
        }
        var merged = ProtoMapping.ToProto(source.Summary.Settings);
        merged.QuestionCount = 1;
        merged.CodingQuestionCount = source.Plan[questionIndex].Coding is not null ? 1 : 0;
        merged.Practice = true;
        if (config is not null)
        {
            merged.Voice = config.Voice;
            merged.Spoken = config.Spoken;
            merged.AnswerTimeLimit = config.AnswerTimeLimit ?? merged.AnswerTimeLimit;
            merged.EndOfAnswerSilence = config.EndOfAnswerSilence;
            merged.Patience = config.Patience;
        }
        var settings = Validate(merged);
        RequireEngine(settings);
        var title = $"{source.Summary.Title} · practice question {questionIndex + 1}";
        return await store.CreateSessionAsync(userId, settings, [source.Plan[questionIndex]], title, [], cancellationToken);
    }

    private void RequireEngine(SessionSettings settings)
    {
        var engine = ProtoMapping.ToEngineKind(settings.Engine);
        var availability = interviewers.Engines.FirstOrDefault(e => e.Engine == engine);
        if (availability is not { Available: true })
        {
            throw new SessionStateException(
                $"config.engine: {settings.Engine} is not available on this server{(availability?.UnavailableReason is { } why ? $" ({why})" : "")}.");
        }
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
        var type = config.InterviewType == InterviewType.Unspecified ? InterviewType.Technical : config.InterviewType;
        var questionCount = config.QuestionCount != 0 ? config.QuestionCount : type == InterviewType.Coding ? DefaultCodingQuestionCount : DefaultQuestionCount;
        var codingCount = CodingQuestionCount(config, type, questionCount);
        return new SessionSettings(
            config.Role.Trim(),
            type,
            config.Difficulty == Difficulty.Unspecified ? Difficulty.Medium : config.Difficulty,
            questionCount,
            string.IsNullOrWhiteSpace(config.Voice) ? limits.DefaultVoice : config.Voice.Trim(),
            DocumentText(config.JobDescription, "config.job_description"),
            DocumentText(config.Resume, "config.resume"),
            Engine(config),
            config.Spoken,
            answerLimit,
            silence,
            config.Patience == Patience.Unspecified ? Patience.Normal : config.Patience,
            config.Practice)
        {
            CodingLanguage = config.CodingLanguage == Rehearse.Coding.V1.Language.Unspecified ? Rehearse.Coding.V1.Language.Python : config.CodingLanguage,
            CodingQuestionCount = codingCount,
        };
    }

    /// <summary>How many of the questions are coding problems: all in a coding interview, the chosen number in a technical one.</summary>
    private int CodingQuestionCount(SessionConfig config, InterviewType type, int questionCount)
    {
        RequestFields.Enum(config.CodingLanguage, "config.coding_language");
        var count = type == InterviewType.Coding ? questionCount : config.CodingQuestionCount;
        if (type is not (InterviewType.Technical or InterviewType.Coding) && count != 0)
        {
            throw Invalid("config.coding_question_count", $"coding questions are asked in technical and coding interviews, not in a {type} interview; send 0.");
        }
        if (count < 0 || count > questionCount)
        {
            throw Invalid("config.coding_question_count", $"{count} is outside 0 to the question count ({questionCount}).");
        }
        if (count > 0 && !codeRunner.Configured)
        {
            throw new SessionStateException("config.interview_type: coding questions need a code runner, and this server has none (CodeRunner:Address); see GetSetupOptions.coding_available.");
        }
        return count;
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
