using Rehearse.Interview.V1;
using Rehearse.Testing;

namespace Rehearse.Interview.Benchmarks;

/// <summary>What happened in one step of the script. Times in milliseconds; <c>null</c> where the step does not measure it.</summary>
internal sealed class StepOutcome(ScriptStep step, int run)
{
    public ScriptStep Step { get; } = step;

    /// <summary>Which pass over the script (0 first).</summary>
    public int Run { get; } = run;

    /// <summary>Why the step could not be measured, if it could not.</summary>
    public string? Failure { get; set; }

    /// <summary>From the end of the answer's speech to the client receiving the interviewer's first audio after it.</summary>
    public double? ReplyAfterSpeechEnd { get; set; }

    /// <summary>What the interviewer said next.</summary>
    public UtteranceKind ReplyKind { get; set; }

    /// <summary>Where in the answer's audio (from its first sample) the session ended the answer.</summary>
    public TimeSpan? EndedAt { get; set; }

    /// <summary>The answer ended before its speech did.</summary>
    public bool EndedEarly { get; set; }

    /// <summary>The answer ended in the inserted pause (after the silence began, before the speech was over).</summary>
    public bool EndedInPause { get; set; }

    /// <summary>For a backchannel or an interruption: it was said while the question was still playing.</summary>
    public bool? SaidOverQuestion { get; set; }

    /// <summary>The backchannel made the interviewer stop.</summary>
    public bool? BackchannelInterrupted { get; set; }

    /// <summary>From the interruption's first sound to the client receiving InterviewerInterrupted; <c>null</c> when it never came.</summary>
    public double? InterruptedAfter { get; set; }

    /// <summary>From the interruption's first sound to the last interviewer audio received for the question, when some came after it.</summary>
    public double? AudioUntil { get; set; }

    /// <summary>For a wrong end: from the reply's first audio to the continuation's first sound.</summary>
    public double? ContinuationDelay { get; set; }

    /// <summary>For a wrong end: from the continuation's first sound to the reply being withdrawn or cut off, if it was.</summary>
    public double? ReplyStoppedAfter { get; set; }

    /// <summary>
    /// For a wrong end, or a pause or long answer ended early: the reply was withdrawn (not merely cut off) as the
    /// candidate went on.
    /// </summary>
    public bool ReplyWithdrawn { get; set; }

    /// <summary>
    /// For a wrong end, or a pause or long answer ended early: the stored turn holds every part's words (one answer,
    /// not split or cut short); <c>null</c> where not checked.
    /// </summary>
    public bool? Recovered { get; set; }

    /// <summary>What the stored turn (where <see cref="Recovered"/> is checked) or the answer-completed event holds.</summary>
    public string Heard { get; set; } = "";
}

/// <summary>Plays the scripted conversation against one build's services, session after session as they finish.</summary>
internal static class TurnTakingRun
{
    /// <summary>Main questions per session: enough that a session covers most of a pass over the script.</summary>
    public const int QuestionsPerSession = 20;

    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(90);

    // Share of a part's reference words the stored answer must hold for that part to count as heard.
    private const double HeardShare = 0.5;

    public static async Task<IReadOnlyList<StepOutcome>> PlayAsync(ServiceProcesses services, IReadOnlyList<ScriptStep> script, RoomNoise room, int runs, string build,
        Patience patience)
    {
        var client = services.Interview("bench-turns-" + Guid.NewGuid().ToString("N"));
        var outcomes = new List<StepOutcome>();
        ScriptedSession? session = null;
        try
        {
            for (var run = 0; run < runs; run++)
            {
                foreach (var step in script)
                {
                    var outcome = new StepOutcome(step, run);
                    for (var attempt = 0; ; attempt++)
                    {
                        session ??= await ScriptedSession.StartAsync(client, room, QuestionsPerSession, patience);
                        try
                        {
                            await PlayStepAsync(session, step, outcome);
                            break;
                        }
                        catch (SessionFinishedException) when (attempt == 0)
                        {
                            // The interview ended between steps: the step is played again in a new one.
                        }
                        catch (Exception e) when (e is TimeoutException or InvalidOperationException or SessionFinishedException or OperationCanceledException)
                        {
                            outcome.Failure = e.Message;
                        }
                        await session.DisposeAsync();
                        session = null;
                        if (outcome.Failure is not null)
                        {
                            break;
                        }
                    }
                    outcomes.Add(outcome);
                    Console.Error.WriteLine($"[{build}] {Describe(outcome)}");
                }
            }
        }
        finally
        {
            if (session is not null)
            {
                await session.DisposeAsync();
            }
        }
        return outcomes;
    }

    private static Task PlayStepAsync(ScriptedSession session, ScriptStep step, StepOutcome outcome) => step.Kind switch
    {
        StepKind.Interruption => InterruptAsync(session, step, outcome),
        _ => AnswerAsync(session, step, outcome),
    };

    private static async Task AnswerAsync(ScriptedSession session, ScriptStep step, StepOutcome outcome)
    {
        if (step.Backchannel is { } backchannel)
        {
            var question = await session.WaitForQuestionAsync();
            var said = await session.SayAsync(backchannel.Pcm, question.FirstAudio.ReceivedAt + TurnTakingSet.IntoQuestion);
            var onset = said.SpeechStart + backchannel.Onset;
            // The question has played out (the interviewer listens) or was cut off.
            await session.Log.WaitForAsync("the question to end", ReplyTimeout, events =>
                events.LastOrDefault(e => e.ReceivedAt > onset && (e.Event.InterviewerInterrupted?.UtteranceId == question.UtteranceId
                    || e.Event.StateChanged?.Current == SessionState.Listening)));
            outcome.SaidOverQuestion = onset < PlaybackEnd(session.Log.Snapshot(), question);
            outcome.BackchannelInterrupted = session.Log.Snapshot().Any(e => e.Event.InterviewerInterrupted?.UtteranceId == question.UtteranceId);
        }

        var listening = await session.WaitUntilListeningAsync();
        var turnIndex = session.CurrentTurnIndex();
        var answer = await session.SayAsync(step.Answer.Pcm, listening.ReceivedAt + ScriptedSession.ThinkBeforeAnswering);
        var start = answer.SpeechStart;
        var speechEnd = start + step.Answer.End;
        var reply = await session.WaitForReplyAsync(start);
        var events = session.Log.Snapshot();
        // The session ended the answer when it began to think, or, at the latest, when it began to reply.
        var ended = events.Where(e => e.At > start && (e.Event.StateChanged?.Current == SessionState.Thinking || e.Event.InterviewerUtterance is not null))
            .Select(e => e.At).DefaultIfEmpty(reply.At).Min();
        outcome.EndedAt = ended - start;
        outcome.EndedEarly = ended < speechEnd;
        outcome.ReplyAfterSpeechEnd = (reply.ReceivedAt - speechEnd).TotalMilliseconds;
        outcome.ReplyKind = session.Log.Utterance(reply.Event.InterviewerAudio.UtteranceId)?.Kind ?? UtteranceKind.Unspecified;
        outcome.Heard = events.LastOrDefault(e => e.ReceivedAt > start && e.Event.AnswerCompleted is not null)?.Event.AnswerCompleted.Turn.Answer ?? "";
        if (step.Pause is { } pause)
        {
            outcome.EndedInPause = outcome.EndedEarly && ended >= start + pause.Start;
        }
        if (outcome.EndedEarly && step.Kind is StepKind.Pause or StepKind.Long)
        {
            // The candidate went on over the early end while the answer was being said, so any withdrawal has come.
            outcome.ReplyWithdrawn = events.Any(e => e.ReceivedAt > start && e.Event.InterviewerInterrupted?.Withdrawn == true);
            CheckOneAnswerAtEnd(session, step, turnIndex, outcome);
        }
        if (step.Continuation is { } continuation)
        {
            var replyId = reply.Event.InterviewerAudio.UtteranceId;
            var more = await session.SayAsync(continuation.Pcm, reply.ReceivedAt + step.ContinuationDelay - continuation.Onset);
            var onset = more.SpeechStart + continuation.Onset;
            outcome.ContinuationDelay = (onset - reply.ReceivedAt).TotalMilliseconds;
            var stopped = session.Log.Snapshot().FirstOrDefault(e => e.ReceivedAt > onset && e.Event.InterviewerInterrupted?.UtteranceId == replyId);
            if (stopped is not null)
            {
                outcome.ReplyStoppedAfter = (stopped.ReceivedAt - onset).TotalMilliseconds;
                outcome.ReplyWithdrawn = stopped.Event.InterviewerInterrupted.Withdrawn;
            }
            CheckOneAnswerAtEnd(session, step, turnIndex, outcome);
        }
    }

    /// <summary>When the session is over, whether the stored turn of the question holds the words of every part of the answer.</summary>
    private static void CheckOneAnswerAtEnd(ScriptedSession session, ScriptStep step, int turnIndex, StepOutcome outcome) => session.AtEnd(turns =>
    {
        var stored = turns.FirstOrDefault(t => t.Index == turnIndex)?.Answer ?? "";
        outcome.Heard = stored;
        outcome.Recovered = step.Parts.All(part => Holds(stored, part));
        return Task.CompletedTask;
    });

    private static async Task InterruptAsync(ScriptedSession session, ScriptStep step, StepOutcome outcome)
    {
        var question = await session.WaitForQuestionAsync();
        var said = await session.SayAsync(step.Answer.Pcm, question.FirstAudio.ReceivedAt + TurnTakingSet.IntoQuestion);
        var onset = said.SpeechStart + step.Answer.Onset;
        ReceivedEvent? interrupted;
        try
        {
            interrupted = await session.Log.WaitForAsync("the interviewer to stop", TimeSpan.FromSeconds(10), events =>
                events.FirstOrDefault(e => e.Event.InterviewerInterrupted?.UtteranceId == question.UtteranceId));
        }
        catch (TimeoutException)
        {
            interrupted = null;
        }
        var events = session.Log.Snapshot();
        outcome.SaidOverQuestion = onset < PlaybackEnd(events, question);
        outcome.InterruptedAfter = interrupted is null ? null : (interrupted.ReceivedAt - onset).TotalMilliseconds;
        var lastAudio = events.LastOrDefault(e => e.Event.InterviewerAudio?.UtteranceId == question.UtteranceId);
        outcome.AudioUntil = lastAudio is not null && lastAudio.ReceivedAt > onset ? (lastAudio.ReceivedAt - onset).TotalMilliseconds : null;
    }

    /// <summary>When the client would finish playing the question: its first audio plus the length of all of it.</summary>
    private static DateTimeOffset PlaybackEnd(IReadOnlyList<ReceivedEvent> events, PlayingQuestion question) =>
        question.FirstAudio.ReceivedAt + events
            .Where(e => e.Event.InterviewerAudio?.UtteranceId == question.UtteranceId)
            .Aggregate(TimeSpan.Zero, (sum, e) => sum + e.Event.InterviewerAudio.Duration.ToTimeSpan());

    /// <summary>The text holds at least half of the reference's words.</summary>
    private static bool Holds(string text, string reference)
    {
        var heard = TranscriptNormalizer.Words(text).ToHashSet();
        var words = TranscriptNormalizer.Words(reference);
        return words.Count > 0 && words.Count(heard.Contains) >= HeardShare * words.Count;
    }

    private static string Describe(StepOutcome o)
    {
        var what = $"{o.Step.Kind} {o.Step.Answer.Label}";
        if (o.Failure is not null)
        {
            return $"{what}: not measured ({o.Failure})";
        }
        return o.Step.Kind switch
        {
            StepKind.Interruption => $"{what}: over the question {o.SaidOverQuestion}, interrupted after {o.InterruptedAfter:0} ms",
            _ => $"{what}: ended at {o.EndedAt?.TotalSeconds:0.0} s (speech ends {o.Step.Answer.End.TotalSeconds:0.0} s), " +
                $"reply ({o.ReplyKind}) {o.ReplyAfterSpeechEnd:0} ms after the speech" +
                (o.Step.Backchannel is { } b ? $"; backchannel {b.Label} over the question {o.SaidOverQuestion}, interrupted {o.BackchannelInterrupted}" : "") +
                (o.Step.Continuation is not null ? $"; continuation {o.ContinuationDelay:0} ms into the reply, which stopped after {o.ReplyStoppedAfter:0} ms (withdrawn {o.ReplyWithdrawn})" :
                    o.EndedEarly && o.Step.Kind is StepKind.Pause or StepKind.Long ? $"; ended early, a reply withdrawn {o.ReplyWithdrawn}" : ""),
        };
    }
}
