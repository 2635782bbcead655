using System.Diagnostics;
using System.Text;
using Rehearse.Interview.V1;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Rehearse.Console.Interview;

/// <summary>
/// The interview on a terminal as one live panel, redrawn a few times a second: title, progress, state (with how
/// the interviewer reads a pause: take your time, about to reply) and a timer; the interviewer's words, with a
/// check-in under the question; the answer's transcript with the interim part dimmed; notices; the keys.
/// </summary>
public sealed class LivePracticeView(IAnsiConsole console) : IPracticeView
{
    private const int MaxTranscriptCharacters = 700;
    private readonly Lock _lock = new();
    private readonly SortedDictionary<int, string> _finals = [];
    private readonly List<string> _notices = [];
    private readonly Stopwatch _sessionClock = new();
    private readonly Stopwatch _answerClock = new();
    private readonly CancellationTokenSource _stop = new();
    private Task? _drawing;
    private Session _session = new();
    private AnswerMode _mode;
    private SessionState _state = SessionState.Created;
    private ListeningStatus _listening = ListeningStatus.Listening;
    private int _questionIndex;
    private int _questionCount;
    private Said _said = Said.Nothing;
    // What was shown before the utterance being said, so a withdrawn one can be taken back.
    private Said _saidBefore = Said.Nothing;
    private SortedDictionary<int, string> _finalsBefore = [];
    private string _aside = "";
    private string _interim = "";
    private string _lastAnswer = "";
    private IReadOnlyList<string> _feedback = [];

    /// <inheritdoc />
    public void Start(Session session, AnswerMode mode)
    {
        _session = session;
        _mode = mode;
        _questionCount = session.QuestionCount;
        _sessionClock.Start();
        _drawing = console.Live(Render()).AutoClear(false).Overflow(VerticalOverflow.Ellipsis).StartAsync(async live =>
        {
            while (!_stop.IsCancellationRequested)
            {
                live.UpdateTarget(Render());
                live.Refresh();
                try
                {
                    await Task.Delay(200, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
            live.UpdateTarget(Render());
            live.Refresh();
        });
    }

    /// <inheritdoc />
    public void OnState(StateChanged change)
    {
        lock (_lock)
        {
            if (change.Current == SessionState.Listening && _state != SessionState.Paused)
            {
                _answerClock.Restart();
            }
            else if (change.Current != SessionState.Listening)
            {
                _answerClock.Stop();
            }
            _state = change.Current;
            _listening = ListeningStatus.Listening;
            _questionIndex = change.QuestionIndex;
            _questionCount = change.QuestionCount;
        }
    }

    /// <inheritdoc />
    public void OnInterviewer(InterviewerUtterance utterance)
    {
        lock (_lock)
        {
            if (utterance.Kind is UtteranceKind.CheckIn or UtteranceKind.Hint)
            {
                // An aside while the candidate answers: the question stays.
                _aside = utterance.Text;
                return;
            }
            var label = utterance.Kind switch
            {
                UtteranceKind.Question => $"Question {utterance.QuestionIndex + 1}",
                UtteranceKind.FollowUp => "Follow-up",
                _ => "Interviewer",
            };
            if (utterance.UtteranceId != _said.UtteranceId)
            {
                _saidBefore = _said;
                _finalsBefore = new SortedDictionary<int, string>(_finals);
            }
            _said = new Said(utterance.UtteranceId, label, utterance.Text);
            _aside = "";
            if (utterance.Kind is UtteranceKind.Question or UtteranceKind.FollowUp)
            {
                _feedback = [];
                _finals.Clear();
                _interim = "";
            }
        }
    }

    /// <inheritdoc />
    public void OnListening(ListeningUpdate update)
    {
        lock (_lock)
        {
            _listening = update.Status;
        }
    }

    /// <inheritdoc />
    public void OnInterrupted(InterviewerInterrupted interrupted)
    {
        if (!interrupted.Withdrawn)
        {
            return;
        }
        lock (_lock)
        {
            if (interrupted.UtteranceId == _said.UtteranceId)
            {
                // The answer goes on: the question and what was said of it come back.
                _said = _saidBefore;
                _saidBefore = Said.Nothing;
                foreach (var (index, text) in _finalsBefore)
                {
                    _finals.TryAdd(index, text);
                }
            }
        }
        OnNotice(NoticeLevel.Info, "The interviewer stops: go on.");
    }

    /// <inheritdoc />
    public void OnTranscript(TranscriptUpdate update)
    {
        lock (_lock)
        {
            if (update.IsFinal)
            {
                _finals[update.SegmentIndex] = update.Text;
                _interim = "";
            }
            else
            {
                _interim = update.Text;
            }
        }
    }

    /// <inheritdoc />
    public void OnAnswer(AnswerCompleted answer)
    {
        lock (_lock)
        {
            var turn = answer.Turn ?? new Turn();
            _lastAnswer = $"Answer {turn.Index + 1} recorded ({InterviewNames.EndReason(answer.Reason)}).";
            if (turn.Typed)
            {
                _finals.Clear();
                _finals[0] = turn.Answer;
            }
            _interim = "";
        }
    }

    /// <inheritdoc />
    public void OnScore(AnswerScored scored)
    {
        lock (_lock)
        {
            _lastAnswer = $"Answer {scored.TurnIndex + 1} recorded and scored {scored.Scores?.Overall ?? 0}/100.";
        }
    }

    /// <inheritdoc />
    public void OnFeedback(AnswerFeedback feedback)
    {
        lock (_lock)
        {
            // Shown under the interviewer's words until the next question is asked.
            _feedback = [.. PracticeFeedbackText.Lines(feedback), $"[grey]{Markup.Escape(PracticeFeedbackText.Choices(_mode))}[/]"];
        }
    }

    /// <inheritdoc />
    public void OnNotice(NoticeLevel level, string message)
    {
        lock (_lock)
        {
            var colour = level switch { NoticeLevel.Error => "red", NoticeLevel.Warning => "yellow", _ => "grey" };
            _notices.Add($"[{colour}]{Markup.Escape(message)}[/]");
            if (_notices.Count > 3)
            {
                _notices.RemoveAt(0);
            }
        }
    }

    /// <inheritdoc />
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        if (_drawing is not null)
        {
            await _drawing;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }

    private IRenderable Render()
    {
        lock (_lock)
        {
            var rows = new List<IRenderable>();
            var stateColour = _state switch
            {
                SessionState.Listening => "green",
                SessionState.Speaking => "cyan",
                SessionState.Thinking => "yellow",
                SessionState.Paused => "magenta",
                _ => "grey",
            };
            var stateText = _state switch
            {
                SessionState.Listening when InterviewNames.Listening(_listening) is { Length: > 0 } reading => reading,
                SessionState.Thinking => "thinking…",
                _ => InterviewNames.State(_state),
            };
            var timer = _state == SessionState.Listening || _state == SessionState.Paused ? _answerClock.Elapsed : _sessionClock.Elapsed;
            var question = Math.Min(_questionIndex + 1, Math.Max(1, _questionCount));
            rows.Add(new Markup(
                $"Question [bold]{question}/{_questionCount}[/]  [{stateColour} bold]{Markup.Escape(stateText.ToUpperInvariant())}[/]  {timer:mm\\:ss}"));
            rows.Add(new Text(""));
            if (_said.Text.Length > 0)
            {
                rows.Add(new Markup($"[bold cyan]{Markup.Escape(_said.Label)}:[/] {Markup.Escape(_said.Text)}"));
            }
            if (_aside.Length > 0)
            {
                rows.Add(new Markup($"[cyan]Interviewer:[/] [grey italic]{Markup.Escape(_aside)}[/]"));
            }
            if (_said.Text.Length > 0 || _aside.Length > 0)
            {
                rows.Add(new Text(""));
            }
            if (_feedback.Count > 0)
            {
                rows.AddRange(_feedback.Select(line => new Markup(line)));
                rows.Add(new Text(""));
            }
            var said = Tail(string.Join(' ', _finals.Values));
            var transcript = new StringBuilder("[bold green]You:[/] ").Append(Markup.Escape(said));
            if (_interim.Length > 0)
            {
                transcript.Append(said.Length > 0 ? " " : "").Append("[grey italic]").Append(Markup.Escape(Tail(_interim))).Append("[/]");
            }
            rows.Add(new Markup(transcript.ToString()));
            if (_lastAnswer.Length > 0)
            {
                rows.Add(new Markup($"[grey]{Markup.Escape(_lastAnswer)}[/]"));
            }
            foreach (var notice in _notices)
            {
                rows.Add(new Markup(notice));
            }
            rows.Add(new Text(""));
            rows.Add(new Markup(_mode == AnswerMode.Files
                ? "[grey]answering from files · r repeat · s skip · p pause/resume · q end[/]"
                : "[grey]Enter done answering · r repeat · s skip · a try again · p pause/resume · q end[/]"));
            return new Panel(new Rows(rows))
                .Header($" {Markup.Escape(_session.Title)} ")
                .Border(BoxBorder.Rounded)
                .Expand();
        }
    }

    private static string Tail(string text) =>
        text.Length <= MaxTranscriptCharacters ? text : "…" + text[^MaxTranscriptCharacters..];

    /// <summary>An utterance of the interviewer as shown: its id, its label ("Question 2", "Follow-up") and its words.</summary>
    private sealed record Said(string UtteranceId, string Label, string Text)
    {
        public static readonly Said Nothing = new("", "", "");
    }
}
