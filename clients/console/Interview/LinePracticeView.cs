using Rehearse.Interview.V1;
using Spectre.Console;

namespace Rehearse.Console.Interview;

/// <summary>
/// The interview as a sequence of lines: used for typed answers and whenever output is not a terminal (logs,
/// pipes, tests). Interim transcripts are not printed, only final ones; the listening state only when it changes.
/// </summary>
public sealed class LinePracticeView(IAnsiConsole console) : IPracticeView
{
    private SessionState _state;
    private ListeningStatus _listening = ListeningStatus.Listening;
    private int _questionCount;
    private AnswerMode _mode;

    /// <inheritdoc />
    public void Start(Session session, AnswerMode mode)
    {
        _questionCount = session.QuestionCount;
        _mode = mode;
        console.MarkupLine($"[bold]{Markup.Escape(session.Title)}[/] [grey]· session {Markup.Escape(session.Id)} · {session.QuestionCount} questions[/]");
        console.MarkupLine(mode switch
        {
            AnswerMode.Typed => "[grey]Type each answer and press Enter. Commands: /repeat, /skip, /again, /pause, /resume, /end.[/]",
            AnswerMode.Files => "[grey]Answering from the given audio files.[/]",
            _ => "[grey]Speak your answer; a pause ends it. Keys: Enter done · r repeat · s skip · a try again · p pause/resume · q end.[/]",
        });
    }

    /// <inheritdoc />
    public void OnState(StateChanged change)
    {
        _questionCount = change.QuestionCount;
        if (change.Current == _state)
        {
            return;
        }
        _state = change.Current;
        _listening = ListeningStatus.Listening;
        if (change.Current is SessionState.Paused or SessionState.Listening or SessionState.Finished)
        {
            console.MarkupLine($"[grey][[{InterviewNames.State(change.Current)}]][/]");
        }
        else if (change.Current == SessionState.Thinking)
        {
            console.MarkupLine("[grey][[thinking…]][/]");
        }
    }

    /// <inheritdoc />
    public void OnListening(ListeningUpdate update)
    {
        if (update.Status == _listening || update.Status == ListeningStatus.Unspecified)
        {
            return;
        }
        _listening = update.Status;
        var said = InterviewNames.Listening(update.Status);
        console.MarkupLine($"[grey][[{(said.Length > 0 ? said : InterviewNames.State(SessionState.Listening))}]][/]");
    }

    /// <inheritdoc />
    public void OnInterrupted(InterviewerInterrupted interrupted) =>
        console.MarkupLine(interrupted.Withdrawn ? "[grey](the interviewer stops: go on)[/]" : "[grey](you interrupted the interviewer)[/]");

    /// <inheritdoc />
    public void OnInterviewer(InterviewerUtterance utterance)
    {
        if (utterance.Kind is UtteranceKind.CheckIn or UtteranceKind.Hint)
        {
            // An aside while the candidate answers (a check-in, or a hint on a coding question): the question stands.
            console.MarkupLine($"[cyan]Interviewer:[/] [italic]{Markup.Escape(utterance.Text)}[/]");
            return;
        }
        var label = utterance.Kind switch
        {
            UtteranceKind.Question => $"Question {utterance.QuestionIndex + 1}/{_questionCount}",
            UtteranceKind.FollowUp => "Follow-up",
            _ => "Interviewer",
        };
        console.MarkupLine($"[bold cyan]{label}:[/] {Markup.Escape(utterance.Text)}");
    }

    /// <inheritdoc />
    public void OnTranscript(TranscriptUpdate update)
    {
        if (update.IsFinal && update.Text.Length > 0)
        {
            console.MarkupLine($"[bold green]You:[/] {Markup.Escape(update.Text)}");
        }
    }

    /// <inheritdoc />
    public void OnAnswer(AnswerCompleted answer)
    {
        var turn = answer.Turn ?? new Turn();
        var duration = turn.Analytics?.AnswerDuration?.ToTimeSpan();
        var detail = duration is { } d ? $"{d.TotalSeconds:0.0} s, " : "";
        if (turn.Typed && turn.Answer.Length > 0)
        {
            console.MarkupLine($"[bold green]You (typed):[/] {Markup.Escape(turn.Answer)}");
        }
        console.MarkupLine($"[grey]Answer recorded ({detail}{InterviewNames.EndReason(answer.Reason)}).[/]");
    }

    /// <inheritdoc />
    public void OnScore(AnswerScored scored) =>
        console.MarkupLine($"[grey]Answer {scored.TurnIndex + 1} scored {scored.Scores?.Overall ?? 0}/100.[/]");

    /// <inheritdoc />
    public void OnFeedback(AnswerFeedback feedback)
    {
        foreach (var line in PracticeFeedbackText.Lines(feedback))
        {
            console.MarkupLine(line);
        }
        console.MarkupLine($"[grey]{Markup.Escape(PracticeFeedbackText.Choices(_mode))}[/]");
    }

    /// <inheritdoc />
    public void OnNotice(NoticeLevel level, string message) => console.MarkupLine(level switch
    {
        NoticeLevel.Error => $"[red]! {Markup.Escape(message)}[/]",
        NoticeLevel.Warning => $"[yellow]! {Markup.Escape(message)}[/]",
        _ => $"[grey]{Markup.Escape(message)}[/]",
    });

    /// <inheritdoc />
    public Task StopAsync() => Task.CompletedTask;

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
