using System.CommandLine;
using Google.Protobuf;
using Rehearse.Console.Audio;
using Rehearse.Console.Cli;
using Rehearse.Console.Connection;
using Rehearse.Console.Terminal;
using Rehearse.Interview.V1;
using Spectre.Console;

namespace Rehearse.Console.Interview;

/// <summary><c>rehearse practice</c>: a spoken or typed mock interview in the terminal, ending with its report.</summary>
public static class PracticeCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(GlobalOptions global)
    {
        var role = new Option<string>("--role") { Description = "Role interviewed for (default: the first role the service offers)", HelpName = "ID" };
        var type = new Option<string>("--type") { Description = "Interview type", DefaultValueFactory = _ => "technical", HelpName = "technical|behavioral|system-design|coding" };
        type.AcceptOnlyFromAmong(InterviewNames.TypeNames);
        var difficulty = new Option<string>("--difficulty") { Description = "How demanding the questions are", DefaultValueFactory = _ => "medium", HelpName = "easy|medium|hard" };
        difficulty.AcceptOnlyFromAmong(InterviewNames.DifficultyNames);
        var questions = new Option<int>("--questions") { Description = "Main questions to ask, 1 to 20 (default 5)", HelpName = "N" };
        var voice = new Option<string>("--voice") { Description = "Interviewer voice id (default: the service's)", HelpName = "ID" };
        var engine = new Option<string>("--engine") { Description = "Interviewer engine (default: the service's)", HelpName = "offline|gemini|openai-compatible" };
        engine.AcceptOnlyFromAmong(InterviewNames.EngineNames);
        var patience = new Option<string>("--patience")
        {
            Description = "How long the interviewer waits through your pauses: relaxed (longest, about 2 s even after a finished sentence, for thinking aloud), normal (default), brisk (short waits)",
            HelpName = "relaxed|normal|brisk",
        };
        patience.AcceptOnlyFromAmong(InterviewNames.PatienceNames);
        var jobDescription = new Option<string>("--job-description") { Description = "Job description to tailor the questions to (text or PDF)", HelpName = "FILE" };
        var resume = new Option<string>("--resume") { Description = "Résumé to tailor the questions to (text or PDF)", HelpName = "FILE" };
        var answers = new Option<string[]>("--answers")
        {
            Description = "Answer from WAV files, one per question, comma-separated (for demos and tests)",
            HelpName = "a.wav,b.wav",
            AllowMultipleArgumentsPerToken = true,
        };
        var typed = new Option<bool>("--typed") { Description = "Type the answers instead of speaking them" };
        var mute = new Option<bool>("--mute") { Description = "Do not speak the interviewer's words (a text-only interview)" };
        var realtime = new Option<bool>("--realtime") { Description = "With --answers, send each file at real-time pace, as if spoken" };
        var practice = new Option<bool>("--practice")
        {
            Description = "Practice mode: feedback after each question, then try it again (a) or continue (c)",
        };
        var redo = new Option<string>("--redo")
        {
            Description = "Practise one question of a finished session again, in practice mode (N counts from 1)",
            HelpName = "SESSION:N",
        };
        var code = new Option<string>("--code")
        {
            Description = "Answer coding questions with the code in FILE, read again at every run (it gets the starter code when missing or empty)",
            HelpName = "FILE",
        };
        var language = new Option<string>("--language")
        {
            Description = "Language of the coding questions (default: from the --code file's extension, else python)",
            HelpName = "python|javascript",
        };
        language.AcceptOnlyFromAmong(InterviewNames.LanguageNames);
        var codingQuestions = new Option<int>("--coding-questions")
        {
            Description = "How many questions of a technical interview are coding problems, asked after the spoken ones (needs --code)",
            HelpName = "N",
        };
        var submit = new Option<bool>("--submit") { Description = "With --code, run the examples and submit FILE as soon as each coding question is asked (for scripts)" };

        var command = new Command("practice", "Practice a spoken (or typed) mock interview in the terminal, then read its report")
        {
            role, type, difficulty, questions, voice, engine, patience, jobDescription, resume, answers, typed, mute, realtime, practice, redo,
            code, language, codingQuestions, submit,
        };
        command.SetAction(global, async context =>
        {
            var parse = context.Parse;
            var cancellation = context.Cancellation;
            var answerPaths = (parse.GetValue(answers) ?? []).SelectMany(a => a.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
            if (answerPaths.Count > 0 && parse.GetValue(typed))
            {
                throw CliException.Usage("--answers and --typed cannot be combined");
            }
            var questionCount = parse.GetValue(questions);
            if (parse.GetResult(questions) is not null && questionCount is < 1 or > 20)
            {
                throw CliException.Usage($"--questions: {questionCount} is outside 1..20");
            }
            var interviewType = InterviewNames.ParseType(parse.GetValue(type)!);
            var codeFile = parse.GetValue(code);
            var codingQuestionCount = parse.GetValue(codingQuestions);
            if (codeFile is null && (interviewType == InterviewType.Coding || codingQuestionCount > 0))
            {
                throw CliException.Usage("coding questions are answered from a file: give it with --code FILE");
            }
            if (codeFile is null && parse.GetValue(submit))
            {
                throw CliException.Usage("--submit submits the --code file: give it with --code FILE");
            }
            if (codingQuestionCount < 0 || (codingQuestionCount > 0 && interviewType != InterviewType.Technical))
            {
                throw CliException.Usage("--coding-questions: 1 or more, for a technical interview (a coding interview is all coding questions)");
            }
            var config = new SessionConfig
            {
                InterviewType = interviewType,
                CodingQuestionCount = codingQuestionCount,
                CodingLanguage = codeFile is null ? Rehearse.Coding.V1.Language.Unspecified : InterviewNames.ParseLanguage(parse.GetValue(language), codeFile),
                Difficulty = InterviewNames.ParseDifficulty(parse.GetValue(difficulty)!),
                QuestionCount = questionCount,
                Voice = parse.GetValue(voice) ?? "",
                Engine = InterviewNames.ParseEngine(parse.GetValue(engine)),
                Patience = InterviewNames.ParsePatience(parse.GetValue(patience)),
                JobDescription = await ReadDocumentAsync(parse.GetValue(jobDescription), cancellation),
                Resume = await ReadDocumentAsync(parse.GetValue(resume), cancellation),
                Practice = parse.GetValue(practice),
            };
            var redoQuestion = ParseRedo(parse.GetValue(redo));
            // Answer files are read before anything is created, so a bad file fails fast.
            var answerAudio = new List<byte[]>();
            foreach (var path in answerPaths)
            {
                answerAudio.Add(await AnswerAudio.LoadAsync(path, cancellation));
            }

            var client = new InterviewService.InterviewServiceClient(context.ConnectInterview().Invoker);
            // A redo takes its role and questions from the earlier session.
            config.Role = redoQuestion is not null ? "" : parse.GetValue(role) ?? await DefaultRoleAsync(client, cancellation);

            var output = context.Output;
            // With --json the report is the output; the conversation is shown on standard error.
            var conversationConsole = context.Settings.Json ? output.Error : output.Out;
            var conversationIsTerminal = context.Settings.Json ? output.IsErrorTerminal : output.IsOutputTerminal;
            var status = new LinePracticeView(output.Error);

            var mode = answerAudio.Count > 0 ? AnswerMode.Files : parse.GetValue(typed) ? AnswerMode.Typed : AnswerMode.Microphone;
            Microphone? microphone = null;
            if (mode == AnswerMode.Microphone)
            {
                (microphone, var problem) = await Microphone.TryStartAsync(cancellation);
                if (microphone is null)
                {
                    status.OnNotice(NoticeLevel.Warning, $"No microphone: {problem}. Answers are typed instead.");
                    mode = AnswerMode.Typed;
                }
            }
            using var _ = microphone;
            var play = !parse.GetValue(mute);
            config.Spoken = play;

            var created = await client.CreateSessionAsync(new CreateSessionRequest { Config = config, RedoQuestion = redoQuestion },
                deadline: Deadlines.ForUnary(), cancellationToken: cancellation);
            var session = created.Session;
            // Problems and run results are printed as lines, which a live panel would draw over.
            await using IPracticeView view = conversationIsTerminal && mode != AnswerMode.Typed && codeFile is null
                ? new LivePracticeView(conversationConsole)
                : new LinePracticeView(conversationConsole);
            var coding = codeFile is null ? null : new CodingRound(client, session.Id, codeFile, conversationConsole);
            var inputs = new PracticeInputs(mode, answerAudio, microphone, play, parse.GetValue(realtime),
                ReadKeys: output.IsInputTerminal && mode != AnswerMode.Typed, coding, parse.GetValue(submit));
            view.Start(session, mode);
            if (coding is not null)
            {
                view.OnNotice(NoticeLevel.Info, parse.GetValue(submit)
                    ? $"Coding questions are answered with {codeFile} as it stands: its examples run, then it is submitted."
                    : mode == AnswerMode.Typed
                        ? $"Coding questions: edit {codeFile}, then /run runs the examples, /submit submits it, /hint asks for a hint."
                        : $"Coding questions: edit {codeFile}, then press e to run the examples, u to submit it, h for a hint.");
            }
            Report report;
            try
            {
                report = await new PracticeConversation(client, session, inputs, view).RunAsync(cancellation);
            }
            catch (Exception) when (cancellation.IsCancellationRequested)
            {
                await view.StopAsync();
                TerminalOutput.WriteErrorLine($"The session is kept: 'rehearse sessions show {session.Id}'.");
                throw;
            }
            await view.StopAsync();
            if (context.Settings.Json)
            {
                JsonOutput.Write(new GetReportResponse { Report = report });
            }
            else
            {
                ReportPrinter.Write(output.Out, report);
                output.Out.MarkupLine($"[grey]Export it: rehearse sessions export {session.Id} --format pdf[/]");
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    // "SESSION:N", N counting from 1 as the report does.
    private static RedoQuestion? ParseRedo(string? value)
    {
        if (value is null)
        {
            return null;
        }
        var colon = value.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(value[(colon + 1)..], out var number) || number < 1)
        {
            throw CliException.Usage($"--redo: '{value}' is not SESSION:N (a session id, a colon and a question number from 1)");
        }
        return new RedoQuestion { SessionId = value[..colon], QuestionIndex = number - 1 };
    }

    private static async Task<string> DefaultRoleAsync(InterviewService.InterviewServiceClient client, CancellationToken cancellationToken)
    {
        var options = await client.GetSetupOptionsAsync(new GetSetupOptionsRequest(), deadline: Deadlines.ForUnary(), cancellationToken: cancellationToken);
        return options.Roles.Count > 0
            ? options.Roles[0].Id
            : throw CliException.Usage("the Interview service offers no roles; give one with --role");
    }

    // A PDF goes as bytes (the service extracts its text); anything else is read as UTF-8 text.
    private static async Task<Document?> ReadDocumentAsync(string? path, CancellationToken cancellationToken)
    {
        if (path is null)
        {
            return null;
        }
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CliException.File(path, e);
        }
        if (bytes.AsSpan().StartsWith("%PDF-"u8))
        {
            return new Document { Pdf = ByteString.CopyFrom(bytes) };
        }
        var text = new System.Text.UTF8Encoding(false, throwOnInvalidBytes: false).GetString(bytes).Trim();
        return text.Length == 0 ? throw CliException.File(path, "the document is empty") : new Document { Text = text };
    }
}
