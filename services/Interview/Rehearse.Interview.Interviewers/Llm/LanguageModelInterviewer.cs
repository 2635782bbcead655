using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Rehearse.Interview.Interviewers.Assessment;
using Rehearse.Interview.Interviewers.Coding;
using Rehearse.Interview.Interviewers.Offline;
using Rehearse.Interview.Interviewers.QuestionBanks;
using Rehearse.Interview.Interviewers.Reports;

namespace Rehearse.Interview.Interviewers.Llm;

/// <summary>
/// An interviewer driven by a language model behind <see cref="IChatClient"/> (Gemini or any OpenAI-compatible
/// endpoint): questions tailored to the job description and résumé, follow-ups written from the conversation and
/// streamed as they are generated, and assessments as schema-checked JSON. The conversation's shape (when to follow
/// up, acknowledgements, closing) comes from the offline interviewer, which also takes over whenever the model fails:
/// a malformed reply is retried once with the problem named, then the offline result is used with a note.
/// </summary>
public sealed class LanguageModelInterviewer : IInterviewer
{
    /// <summary>Longest job description or résumé excerpt sent to the model.</summary>
    public const int MaxDocumentCharacters = 6000;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly ResilientChat _chat;
    private readonly OfflineInterviewer _offline;
    private readonly QuestionBankCatalog _catalog;
    private readonly ReportComposer _reports;
    private readonly Action<InterviewerNotice>? _onNotice;
    private readonly float _temperature;

    internal LanguageModelInterviewer(
        InterviewerEngineKind engine,
        ResilientChat chat,
        float temperature,
        OfflineInterviewer offline,
        QuestionBankCatalog catalog,
        ReportComposer reports,
        Action<InterviewerNotice>? onNotice)
    {
        Engine = engine;
        _chat = chat;
        _temperature = temperature;
        _offline = offline;
        _catalog = catalog;
        _reports = reports;
        _onNotice = onNotice;
    }

    /// <inheritdoc/>
    public InterviewerEngineKind Engine { get; }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<PlannedQuestion>> PlanAsync(InterviewSetup setup, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(setup);
        // The offline plan validates the set-up (role, count) and fills in if the model gives too few questions.
        var offlinePlan = await _offline.PlanAsync(setup, cancellationToken).ConfigureAwait(false);
        var prompt = new StringBuilder()
            .Append(CultureInvariant($"Plan {setup.QuestionCount} main interview questions. "))
            .Append("Tailor them to the job description and résumé when given; otherwise ask what this role is typically asked. ")
            .Append("For each, list 3 to 6 short key points a strong answer covers, and a short example of a strong spoken answer. ")
            .Append("""Reply with JSON only: {"questions":[{"text":"...","keyPoints":["..."],"exampleAnswer":"..."}]}""");
        AppendDocument(prompt, "Job description", setup.JobDescription);
        AppendDocument(prompt, "Résumé", setup.Resume);
        var planned = await StructuredAsync<PlanReply>(setup, prompt.ToString(), ValidatePlan, cancellationToken).ConfigureAwait(false);
        if (planned is null)
        {
            return offlinePlan;
        }

        var questions = planned.Questions!.OfType<PlanQuestion>().Take(setup.QuestionCount)
            .Select((q, i) => new PlannedQuestion($"llm-{i + 1}", q.Text!.Trim(), q.KeyPoints!.Select(k => k.Trim()).ToArray(), string.IsNullOrWhiteSpace(q.ExampleAnswer) ? null : q.ExampleAnswer.Trim()))
            .ToList();
        questions.AddRange(offlinePlan.Where(o => questions.All(q => q.Text != o.Text)).Take(setup.QuestionCount - questions.Count));
        return questions;
    }

    /// <inheritdoc/>
    public InterviewerMove Greet(InterviewProgress progress) => _offline.Greet(progress);

    /// <inheritdoc/>
    public async Task<InterviewerMove> NextMoveAsync(InterviewProgress progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var move = await _offline.NextMoveAsync(progress, cancellationToken).ConfigureAwait(false);
        if (move.Kind != MoveKind.FollowUp)
        {
            return move;
        }

        // The offline selector decided a follow-up is due and what the answer lacks; the model words it from the conversation.
        var hint = await move.ReadAllTextAsync(cancellationToken).ConfigureAwait(false);
        var messages = Conversation(progress, progress.Turns[^1].QuestionIndex);
        var probe = CodingQuestions.For(progress, progress.Turns[^1]) is null
            ? "probing what it lacks"
            : "probing their code's time and space complexity and the edge cases it handles or misses";
        messages.Add(new ChatMessage(ChatRole.User,
            $"Ask one short, natural follow-up question about the candidate's last answer, {probe} "
            + $"(for instance: \"{hint}\"). Refer to something they said or wrote. Reply with the spoken question only."));
        return new InterviewerMove(MoveKind.FollowUp, move.QuestionIndex, StreamWithFallback(messages, hint, cancellationToken));
    }

    /// <inheritdoc/>
    public async Task<AnswerAssessment> AssessAsync(InterviewProgress progress, AnsweredTurn turn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(progress);
        ArgumentNullException.ThrowIfNull(turn);
        var offline = await _offline.AssessAsync(progress, turn, cancellationToken).ConfigureAwait(false);
        if (turn.Skipped || string.IsNullOrWhiteSpace(turn.Answer))
        {
            return offline with { Engine = Engine };
        }

        var question = _offline.QuestionFor(progress, turn.QuestionIndex);
        var behavioral = question.Kind == InterviewKind.Behavioral;
        var prompt = new StringBuilder()
            .Append("Assess the candidate's answer below. Score 0-100 with a one-sentence reason each: technicalDepth (correctness, depth, trade-offs), ")
            .Append("communication (clarity, structure, delivery), problemSolving (approach, reasoning, examples and results). ")
            .Append("List which key points it covered and missed (copy them exactly), 1-3 strengths, 1-4 concrete improvements, and a short example of a stronger spoken answer.")
            .Append(behavioral ? " Say which STAR parts it has (situation, task, action, result)." : "")
            .Append(""" Reply with JSON only: {"technicalDepth":{"score":0,"reason":""},"communication":{"score":0,"reason":""},"problemSolving":{"score":0,"reason":""},"coveredPoints":[],"missedPoints":[],"strengths":[],"improvements":[],"exampleAnswer":"" """)
            .Append(behavioral ? ""","star":{"situation":false,"task":false,"action":false,"result":false}}""" : "}")
            .AppendLine().AppendLine()
            .Append("Question: ").AppendLine(turn.Question)
            .Append("Key points: ").AppendLine(string.Join("; ", question.KeyPoints.Select(k => k.Point)))
            .Append("Answer").Append(turn.Typed ? " (typed)" : " (spoken, transcribed)").Append(": ").AppendLine(AnswerAssessor.ThreadText(progress, turn));
        var coding = CodingQuestions.For(progress, turn);
        if (coding is ({ } problem, { } outcome))
        {
            prompt.AppendLine("This is a live-coding question: judge the code and its test results first, then the spoken explanation, "
                + "the complexity stated against the expected one, and the hints used.");
            AppendCoding(prompt, problem, outcome);
        }
        if (turn.Analytics is { } analytics)
        {
            prompt.AppendLine(CultureInvariant($"Delivery measured from the audio: {analytics.WordsPerMinute:0} words per minute, {analytics.FillersPer100Words:0.#} fillers per 100 words, {analytics.LongPauseCount} long pauses."));
        }

        var reply = await StructuredAsync<AssessmentReply>(progress.Setup, prompt.ToString(), r => ValidateAssessment(r, behavioral), cancellationToken).ConfigureAwait(false);
        if (reply is null)
        {
            return offline with { Note = "The language model's assessment could not be used, so the built-in scorer assessed this answer." };
        }

        var scores = new AnswerScores(reply.TechnicalDepth!.ToScore(), reply.Communication!.ToScore(), reply.ProblemSolving!.ToScore(), 0);
        var codingPart = offline.Coding;
        scores = scores with { Overall = AnswerAssessor.Overall(question.Kind, scores.TechnicalDepth.Score, scores.Communication.Score, scores.ProblemSolving.Score) };
        return new AnswerAssessment(
            turn.Index,
            scores,
            reply.CoveredPoints!,
            reply.MissedPoints!,
            behavioral ? new StarCoverage(reply.Star!.Situation, reply.Star.Task, reply.Star.Action, reply.Star.Result) : null,
            reply.Strengths!,
            reply.Improvements!,
            string.IsNullOrWhiteSpace(reply.ExampleAnswer) ? offline.ExampleAnswer : reply.ExampleAnswer,
            Engine)
        {
            // The stated complexity is parsed the same way whichever engine scores.
            Coding = codingPart,
        };
    }

    // The code, its test results and what the problem expects, for a prompt about a coding question.
    private static void AppendCoding(StringBuilder prompt, CodingProblemBrief problem, CodingOutcome outcome)
    {
        prompt.Append("Problem: ").Append(problem.Title).Append(". Expected complexity: ").Append(problem.ExpectedTimeComplexity)
            .Append(" time, ").Append(problem.ExpectedSpaceComplexity).AppendLine(" space.")
            .Append("Points a good explanation covers: ").AppendLine(string.Join("; ", problem.ExplanationPoints.Select(p => p.Point)))
            .Append(outcome.Submitted ? "Submitted code (" : "Code last run, not submitted (").Append(outcome.Language).AppendLine("):")
            .AppendLine(outcome.FinalCode.Length > MaxDocumentCharacters ? outcome.FinalCode[..MaxDocumentCharacters] : outcome.FinalCode)
            .Append("Result: ").AppendLine(outcome.FinalRunSummary)
            .AppendLine(CultureInvariant($"Runs before submitting: {outcome.RunCount}. Hints used: {outcome.HintsUsed}."));
    }

    /// <inheritdoc/>
    public Task<InterviewReport> WriteReportAsync(InterviewProgress progress, IReadOnlyList<AnswerAssessment> assessments, CancellationToken cancellationToken) =>
        Task.FromResult(_reports.Compose(progress, assessments, Engine, []));

    // Asks for JSON, validates it, retries once naming the problem, and returns null (after a notice) when both fail.
    private async Task<T?> StructuredAsync<T>(InterviewSetup setup, string prompt, Func<T, string?> validate, CancellationToken cancellationToken)
        where T : class
    {
        var messages = new List<ChatMessage> { new(ChatRole.System, SystemPrompt(setup)), new(ChatRole.User, prompt) };
        var options = new ChatOptions { Temperature = _temperature, ResponseFormat = ChatResponseFormat.Json };
        string problem;
        for (var attempt = 0; ; attempt++)
        {
            string text;
            try
            {
                text = await _chat.CompleteAsync(messages, options, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is not ArgumentException)
            {
                problem = $"the model could not be reached ({e.GetType().Name})";
                break;
            }

            (var value, problem) = Parse(text, validate);
            if (value is not null)
            {
                return value;
            }

            if (attempt == 1)
            {
                break;
            }

            messages.Add(new ChatMessage(ChatRole.Assistant, text));
            messages.Add(new ChatMessage(ChatRole.User, $"That reply was not usable: {problem}. Reply again with JSON only, exactly in the format asked."));
        }

        _onNotice?.Invoke(new InterviewerNotice(InterviewerNoticeLevel.Warning, "engine_fallback",
            $"The language model's reply could not be used ({problem}); the built-in interviewer filled in."));
        return null;
    }

    private static (T? Value, string Problem) Parse<T>(string text, Func<T, string?> validate)
        where T : class
    {
        var json = StripCodeFence(text);
        T? value;
        try
        {
            value = JsonSerializer.Deserialize<T>(json, Json);
        }
        catch (JsonException e)
        {
            return (null, $"not valid JSON ({e.Message})");
        }

        if (value is null)
        {
            return (null, "empty JSON");
        }

        var problem = validate(value);
        return problem is null ? (value, "") : (null, problem);
    }

    // Models often wrap JSON in ```json fences despite being asked not to.
    private static string StripCodeFence(string text)
    {
        var trimmed = text.Trim();
        if (!trimmed.StartsWith("```", StringComparison.Ordinal))
        {
            return trimmed;
        }

        var firstLine = trimmed.IndexOf('\n', StringComparison.Ordinal);
        var end = trimmed.LastIndexOf("```", StringComparison.Ordinal);
        return firstLine > 0 && end > firstLine ? trimmed[(firstLine + 1)..end].Trim() : trimmed;
    }

    private async IAsyncEnumerable<string> StreamWithFallback(List<ChatMessage> messages, string fallback, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var options = new ChatOptions { Temperature = _temperature };
        var enumerator = _chat.StreamAsync(messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        var produced = false;
        try
        {
            while (true)
            {
                string fragment;
                try
                {
                    if (!await enumerator.MoveNextAsync().ConfigureAwait(false))
                    {
                        break;
                    }

                    fragment = enumerator.Current;
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested)
                {
                    _onNotice?.Invoke(new InterviewerNotice(InterviewerNoticeLevel.Warning, "engine_fallback",
                        $"The language model stopped answering ({e.GetType().Name}); the built-in interviewer filled in."));
                    break;
                }

                produced = true;
                yield return fragment;
            }
        }
        finally
        {
            await enumerator.DisposeAsync().ConfigureAwait(false);
        }

        if (!produced)
        {
            yield return fallback;
        }
    }

    private List<ChatMessage> Conversation(InterviewProgress progress, int questionIndex)
    {
        var messages = new List<ChatMessage> { new(ChatRole.System, SystemPrompt(progress.Setup)) };
        foreach (var turn in progress.Turns.Where(t => t.QuestionIndex == questionIndex))
        {
            messages.Add(new ChatMessage(ChatRole.Assistant, turn.Question));
            messages.Add(new ChatMessage(ChatRole.User, turn.Skipped ? "(skipped)" : turn.Answer));
            if (CodingQuestions.For(progress, turn) is ({ } problem, { } outcome) && turn.Coding is not null)
            {
                // The interviewer sees the candidate's editor: follow-ups probe the code's complexity and edge cases.
                var code = new StringBuilder("(The candidate's code and its test results, for you to ask about its complexity and edge cases.)\n");
                AppendCoding(code, problem, outcome);
                messages.Add(new ChatMessage(ChatRole.User, code.ToString()));
            }
        }

        return messages;
    }

    private string SystemPrompt(InterviewSetup setup)
    {
        var role = _catalog.FindRole(setup.Role)?.DisplayName ?? setup.Role;
        var kind = setup.Kind switch
        {
            InterviewKind.Behavioral => "behavioral (STAR: situation, task, action, result)",
            InterviewKind.SystemDesign => "system design",
            _ => "technical",
        };
        return $"You are an experienced, friendly interviewer running a {kind} mock interview for a {role} position at "
            + $"{setup.Difficulty.ToString().ToLowerInvariant()} level. Your words are spoken aloud: plain sentences, no markdown, no lists, no emojis.";
    }

    private static void AppendDocument(StringBuilder prompt, string name, string? text)
    {
        if (!string.IsNullOrWhiteSpace(text))
        {
            var excerpt = text.Length > MaxDocumentCharacters ? text[..MaxDocumentCharacters] : text;
            prompt.AppendLine().AppendLine().Append(name).AppendLine(":").Append(excerpt);
        }
    }

    private static string? ValidatePlan(PlanReply reply)
    {
        if (reply.Questions is not { Count: > 0 })
        {
            return "\"questions\" must be a non-empty array";
        }

        for (var i = 0; i < reply.Questions.Count; i++)
        {
            var q = reply.Questions[i];
            if (q is null || string.IsNullOrWhiteSpace(q.Text) || q.Text.Length > QuestionBankLoader.MaxQuestionLength)
            {
                return $"questions[{i}].text must be a question of 1 to {QuestionBankLoader.MaxQuestionLength} characters";
            }

            if (q.KeyPoints is not { Count: > 0 and <= QuestionBankLoader.MaxKeyPoints } || q.KeyPoints.Any(string.IsNullOrWhiteSpace))
            {
                return $"questions[{i}].keyPoints must hold 1 to {QuestionBankLoader.MaxKeyPoints} non-empty strings";
            }
        }

        return null;
    }

    private static string? ValidateAssessment(AssessmentReply reply, bool behavioral)
    {
        foreach (var (name, score) in new[] { ("technicalDepth", reply.TechnicalDepth), ("communication", reply.Communication), ("problemSolving", reply.ProblemSolving) })
        {
            if (score is null || score.Score is null or < 0 or > 100 || string.IsNullOrWhiteSpace(score.Reason))
            {
                return $"\"{name}\" must be {{\"score\": 0-100, \"reason\": non-empty}}";
            }
        }

        foreach (var (name, list) in new[] { ("coveredPoints", reply.CoveredPoints), ("missedPoints", reply.MissedPoints), ("strengths", reply.Strengths), ("improvements", reply.Improvements) })
        {
            if (list is null || list.Any(string.IsNullOrWhiteSpace))
            {
                return $"\"{name}\" must be an array of non-empty strings";
            }
        }

        return behavioral && reply.Star is null ? "\"star\" is required for a behavioral answer" : null;
    }

    private static string CultureInvariant(FormattableString text) => FormattableString.Invariant(text);

    private sealed class PlanReply
    {
        public List<PlanQuestion?>? Questions { get; set; }
    }

    private sealed class PlanQuestion
    {
        public string? Text { get; set; }

        public List<string>? KeyPoints { get; set; }

        public string? ExampleAnswer { get; set; }
    }

    private sealed class AssessmentReply
    {
        public ScoreReply? TechnicalDepth { get; set; }

        public ScoreReply? Communication { get; set; }

        public ScoreReply? ProblemSolving { get; set; }

        public List<string>? CoveredPoints { get; set; }

        public List<string>? MissedPoints { get; set; }

        public List<string>? Strengths { get; set; }

        public List<string>? Improvements { get; set; }

        public string? ExampleAnswer { get; set; }

        public StarReply? Star { get; set; }
    }

    private sealed class ScoreReply
    {
        public int? Score { get; set; }

        public string? Reason { get; set; }

        public ScoredDimension ToScore() => new(Score!.Value, Reason!.Trim());
    }

    private sealed class StarReply
    {
        public bool Situation { get; set; }

        public bool Task { get; set; }

        public bool Action { get; set; }

        public bool Result { get; set; }
    }
}
