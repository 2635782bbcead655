using System.Text.RegularExpressions;
using Rehearse.Coding.V1;
using Rehearse.Interview.Core.Coding;
using Rehearse.Interview.Core.Errors;
using Rehearse.Interview.Core.Storage;
using Rehearse.Interview.Interviewers;
using Rehearse.Interview.Interviewers.Coding;
using Rehearse.Interview.V1;
using RunCodeRequest = Rehearse.Coding.V1.RunCodeRequest;
using RunCodeResponse = Rehearse.Coding.V1.RunCodeResponse;

namespace Rehearse.Interview.Core.Sessions;

// Coding questions: the problem is presented with the question, the candidate runs code (one run at a time, off the
// loop), asks for hints and submits, which ends the answer. Meanwhile the answer neither ends on silence nor gets
// check-ins: its own time limit applies, and after a long stall the interviewer offers a hint.
public sealed partial class SessionActor
{
    // The coding question being answered; null outside coding questions.
    private CodingRound? _coding;

    /// <summary>A run or submission of the current coding question's code; the result comes back with the task after it.</summary>
    /// <exception cref="SessionException">The current question is not a coding question, its code was submitted, a run is in progress, or the runner refused or failed.</exception>
    public async Task<CodeRunOutcome> RunCodeAsync(
        string source, TestSet testSet, bool submit, Func<OutputChunk, CancellationToken, Task>? output, CancellationToken cancellationToken)
    {
        var reply = new TaskCompletionSource<CodeRunOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        await PostAsync(new CodeRunInput(source, testSet, submit, output, cancellationToken, reply), cancellationToken);
        return await reply.Task.WaitAsync(cancellationToken);
    }

    /// <summary>True while a coding question's code may still change: the answer is neither submitted nor over.</summary>
    private bool CodingUnderway => _coding is { Task.Submitted: false } coding && _question?.TurnIndex == coding.TurnIndex;

    /// <summary>The answer's time limit: a coding question has its own, longer one.</summary>
    private TimeSpan AnswerTimeLimit => CodingUnderway ? _options.Coding.TimeLimit : Settings.AnswerTimeLimit;

    /// <summary>Presents the problem of a coding question as it is asked (once per asking of the question).</summary>
    private void PresentCoding(CurrentQuestion question)
    {
        if (question.Kind != MoveKind.Question || _coding?.TurnIndex == question.TurnIndex
            || question.QuestionIndex >= _plan.Count || _plan[question.QuestionIndex].Coding is not { } brief)
        {
            return;
        }
        var now = _deps.Clock.GetUtcNow();
        _coding = new CodingRound(question.TurnIndex, brief, CodingTasks.Start(brief, Settings.CodingLanguage), now);
        Events.Append(CodingEvent(CodingUpdateKind.ProblemPresented, _coding));
    }

    private void OnCodeRun(CodeRunInput input)
    {
        if (_state is SessionState.Created or SessionState.Finished)
        {
            throw new SessionStateException($"Code cannot be run while the session is {Describe(_state)}.");
        }
        if (!_running)
        {
            throw NotRunning();
        }
        if (_coding is not { } coding || _question?.TurnIndex != coding.TurnIndex || _endingAnswer is not null)
        {
            throw new SessionStateException("The current question is not a coding question: code is run during a coding question only.");
        }
        if (coding.Task.Submitted)
        {
            throw new SessionStateException("This question's code was submitted; it cannot be run again.");
        }
        if (_state == SessionState.Paused)
        {
            throw new SessionStateException("The session is paused: resume it to run code.");
        }
        if (coding.RunInProgress)
        {
            throw new SessionStateException("A run of this question's code is in progress: wait for its result.");
        }
        coding.RunInProgress = true;
        coding.LastActivity = _deps.Clock.GetUtcNow();
        var testSet = input.Submit ? TestSet.All : input.TestSet == TestSet.Unspecified ? TestSet.Examples : input.TestSet;
        var request = new RunCodeRequest
        {
            Language = coding.Task.Language,
            Source = input.Source,
            ProblemId = coding.Brief.ProblemId,
            TestSet = testSet,
        };
        // The caller going away stops its program; so does the session being unloaded.
        var cancellation = CancellationTokenSource.CreateLinkedTokenSource(_lifetime.Token, input.CallCancellation);
        _ = Task.Run(async () =>
        {
            try
            {
                var result = await _deps.CodeRunner.RunAsync(request, input.Output, cancellation.Token);
                Post(new CodeRunDone(input, coding, testSet, result, null));
            }
            catch (Exception e)
            {
                Post(new CodeRunDone(input, coding, testSet, null, e));
            }
            finally
            {
                cancellation.Dispose();
            }
        });
    }

    private void OnCodeRunDone(CodeRunDone done)
    {
        var coding = done.Round;
        coding.RunInProgress = false;
        if (done.Result is not { } result)
        {
            done.Input.Reply.TrySetException(done.Error is SessionException or OperationCanceledException
                ? done.Error
                : new SessionFaultException("The code could not be run.", done.Error!));
            return;
        }
        var now = _deps.Clock.GetUtcNow();
        coding.LastActivity = now;
        coding.HintOffered = false;
        CodingTasks.Record(coding.Task, done.Input.Source, done.TestSet, done.Input.Submit, result, now, coding.PresentedAt);
        _writer.Enqueue(new SaveCodeSnapshotWrite(new CodeSnapshot(
            Guid.NewGuid(), coding.TurnIndex, coding.Brief.ProblemId, now, done.TestSet, done.Input.Submit, coding.Task.Language,
            done.Input.Source, result.Status, result.Verdict, result.PassedCount, result.TestCount)));
        var update = CodingEvent(done.Input.Submit ? CodingUpdateKind.Submitted : CodingUpdateKind.RunFinished, coding);
        update.CodingUpdate.Result = result;
        Events.Append(update);
        done.Input.Reply.TrySetResult(new CodeRunOutcome(result, coding.Task.Clone()));
        if (done.Input.Submit && _question?.TurnIndex == coding.TurnIndex && _endingAnswer is null && _state != SessionState.Finished)
        {
            // The submission completes the answer, with what was said so far.
            EndAnswer(AnswerEndReason.Submitted);
        }
    }

    /// <summary>Gives the next hint (or, offering, asks whether the candidate wants one); the answer goes on.</summary>
    private void GiveHint(bool offered)
    {
        if (!CodingUnderway || _endingAnswer is not null || _state is not (SessionState.Listening or SessionState.Speaking))
        {
            throw new SessionStateException(_coding is { Task.Submitted: true } && _question?.TurnIndex == _coding.TurnIndex
                ? "This question's code was submitted: there are no more hints."
                : $"There is no coding question to give a hint on (the session is {Describe(_state)}).");
        }
        var coding = _coding!;
        var now = _deps.Clock.GetUtcNow();
        coding.LastActivity = now;
        // A hint asked for over the problem's introduction: the answer's time runs from here.
        _question = _question! with { ListeningSince = _question.ListeningSince ?? now };
        string text;
        if (offered)
        {
            coding.HintOffered = true;
            text = "You've been quiet for a while. Would you like a hint? Just ask.";
        }
        else
        {
            coding.HintOffered = false;
            var hints = coding.Brief.Hints;
            var hint = hints.Count == 0
                ? "Work through the first example by hand, and write down each step you take."
                : hints[Math.Min(coding.Task.Hints.Count, hints.Count - 1)];
            coding.Task.Hints.Add(hint);
            var update = CodingEvent(CodingUpdateKind.HintGiven, coding);
            update.CodingUpdate.Hint = hint;
            Events.Append(update);
            text = CodingQuestions.Hint(hint, offered: false);
        }
        StopSpeaking(interrupted: _state == SessionState.Speaking && _speaker?.FirstAudioAt is not null);
        Speak(UtteranceKind.Hint, _question!.QuestionIndex, TextFragments.Single(text), repeat: false);
    }

    /// <summary>Final words heard during a coding question: activity, and perhaps a request for a hint.</summary>
    private void OnCodingSpeech(string words)
    {
        if (!CodingUnderway)
        {
            return;
        }
        var coding = _coding!;
        var asked = HintRequest().IsMatch(words)
            || (coding.HintOffered && words.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length <= 4 && Yes().IsMatch(words));
        coding.LastActivity = _deps.Clock.GetUtcNow();
        if (asked && _state is SessionState.Listening or SessionState.Speaking && _endingAnswer is null)
        {
            GiveHint(offered: false);
        }
    }

    /// <summary>While a coding question is answered: offers a hint after a long stall (checked on every tick).</summary>
    private void CheckCodingStall(DateTimeOffset now)
    {
        var offerAfter = _options.Coding.HintOfferAfter;
        if (offerAfter <= TimeSpan.Zero || _state != SessionState.Listening || _answer.Speaking || _coding is not { RunInProgress: false } coding)
        {
            return;
        }
        if (now - coding.LastActivity >= offerAfter)
        {
            GiveHint(offered: true);
        }
    }

    /// <summary>The coding task of the answer being completed, for its stored turn; the round ends with it.</summary>
    private CodingTask? TakeCodingTask(CurrentQuestion question)
    {
        if (_coding is not { } coding || coding.TurnIndex != question.TurnIndex)
        {
            return null;
        }
        _coding = null;
        return coding.Task;
    }

    /// <summary>The coding outcome of the answer to <paramref name="question"/>, when it is a coding question's.</summary>
    private CodingOutcome? CodingOutcomeOf(CurrentQuestion question) =>
        _coding is { } coding && coding.TurnIndex == question.TurnIndex ? CodingTasks.Outcome(coding.Task) : null;

    private static SessionEvent CodingEvent(CodingUpdateKind kind, CodingRound coding) => new()
    {
        CodingUpdate = new CodingUpdate { Kind = kind, TurnIndex = coding.TurnIndex, Task = coding.Task.Clone() },
    };

    [GeneratedRegex(@"\b(?:(?:give|tell|show) me|can i (?:get|have)|could i (?:get|have)|may i have|i(?:'d| would) like|i need|need) (?:a|another|one more|some) (?:hint|clue)s?\b|\bany (?:hints?|clues?)\b|\bhint,? please\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HintRequest();

    [GeneratedRegex(@"^\W*(?:yes|yeah|yep|sure|okay|ok|please)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Yes();

    /// <summary>A coding question in progress: its problem, its task and its activity.</summary>
    private sealed class CodingRound(int turnIndex, CodingProblemBrief brief, CodingTask task, DateTimeOffset presentedAt)
    {
        public int TurnIndex { get; } = turnIndex;

        public CodingProblemBrief Brief { get; } = brief;

        public CodingTask Task { get; } = task;

        public DateTimeOffset PresentedAt { get; } = presentedAt;

        /// <summary>The last run, hint or speech: a stall is measured from here.</summary>
        public DateTimeOffset LastActivity { get; set; } = presentedAt;

        public bool RunInProgress { get; set; }

        /// <summary>The interviewer has just offered a hint: a plain "yes" takes it.</summary>
        public bool HintOffered { get; set; }
    }

    /// <summary>A run or submission asked for.</summary>
    private sealed record CodeRunInput(
        string Source, TestSet TestSet, bool Submit, Func<OutputChunk, CancellationToken, Task>? Output,
        CancellationToken CallCancellation, TaskCompletionSource<CodeRunOutcome> Reply) : SessionInput
    {
        public override void Fail(Exception error) => Reply.TrySetException(error);
    }

    /// <summary>A run finished (<paramref name="Result"/>) or failed (<paramref name="Error"/>).</summary>
    private sealed record CodeRunDone(CodeRunInput Input, CodingRound Round, TestSet TestSet, RunCodeResponse? Result, Exception? Error) : SessionInput;
}

/// <summary>The outcome of a run or submission: the runner's result and the coding task after it.</summary>
public sealed record CodeRunOutcome(RunCodeResponse Result, CodingTask Task);
