using Rehearse.Interview.Core.Storage;
using Rehearse.Interview.Interviewers;
using Rehearse.Interview.V1;

namespace Rehearse.Interview.UnitTests.Fakes;

/// <summary>
/// A store in memory: a session is created with its plan, every write is kept in order, and loading a session
/// rebuilds it from those writes as the database would (state, turns with their assessments, events), so a new
/// actor can take over after a "restart". Set <see cref="Down"/> and every write fails as an unreachable database
/// does; set <see cref="Refuses"/> and a batch holding a write it matches is refused for good, as a database refuses
/// a value it cannot store.
/// </summary>
internal sealed class InMemorySessionStore : ISessionStore
{
    private readonly Lock _gate = new();
    private readonly List<StoreWrite> _applied = [];
    private SessionSummary? _created;
    private IReadOnlyList<PlannedQuestion> _plan = [];
    private IReadOnlyList<SessionEvent> _initialEvents = [];
    private int _refusedBatches;

    /// <summary>Writes fail with <see cref="StoreUnavailableException"/>.</summary>
    public volatile bool Down;

    /// <summary>Writes the store refuses for good (the whole batch holding one fails, as a transaction does).</summary>
    public Func<StoreWrite, bool>? Refuses;

    /// <summary>Writes applied, in order.</summary>
    public IReadOnlyList<StoreWrite> Applied
    {
        get
        {
            lock (_gate)
            {
                return [.. _applied];
            }
        }
    }

    /// <summary>Batches refused while <see cref="Down"/>.</summary>
    public int RefusedBatches => Volatile.Read(ref _refusedBatches);

    /// <summary>The id of the session created.</summary>
    public Guid SessionId => _created?.Id ?? throw new InvalidOperationException("No session was created.");

    /// <summary>The events applied, in order.</summary>
    public IReadOnlyList<SessionEvent> AppliedEvents => Applied.OfType<AppendEventWrite>().Select(w => w.Event).ToList();

    /// <summary>The turns applied, in order.</summary>
    public IReadOnlyList<StoredTurn> AppliedTurns => Applied.OfType<SaveTurnWrite>().Select(w => w.Turn).ToList();

    public Task ApplyAsync(Guid sessionId, IReadOnlyList<StoreWrite> writes, CancellationToken cancellationToken)
    {
        if (Down)
        {
            Interlocked.Increment(ref _refusedBatches);
            throw new StoreUnavailableException("Database unreachable (test).", new IOException("connection refused"));
        }
        if (Refuses is { } refuses && writes.Any(refuses))
        {
            throw new InvalidOperationException("Value refused by the database (test).");
        }
        lock (_gate)
        {
            _applied.AddRange(writes);
        }
        return Task.CompletedTask;
    }

    public Task<SessionSummary> CreateSessionAsync(
        Guid userId, SessionSettings settings, IReadOnlyList<PlannedQuestion> plan, string title, IReadOnlyList<SessionEvent> events,
        CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var now = DateTimeOffset.UnixEpoch;
            for (var i = 0; i < events.Count; i++)
            {
                events[i].Sequence = i + 1;
            }
            _created = new SessionSummary(Guid.NewGuid(), userId, settings, SessionState.Created, now, now, null, 0, 0, title, events.Count);
            _plan = plan;
            _initialEvents = events;
            return Task.FromResult(_created);
        }
    }

    public Task<StoredSession?> LoadSessionAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_created?.Id != sessionId)
            {
                return Task.FromResult<StoredSession?>(null);
            }
            var summary = _created;
            var turns = new List<StoredTurn>();
            foreach (var write in _applied)
            {
                switch (write)
                {
                    case UpdateSessionWrite { Update: var update }:
                        summary = summary with
                        {
                            State = update.State,
                            QuestionIndex = update.QuestionIndex,
                            UpdatedAt = update.UpdatedAt,
                            EndedAt = update.EndedAt,
                            OverallScore = update.OverallScore,
                            LastSequence = update.LastSequence,
                        };
                        break;
                    case SaveTurnWrite { Turn: var turn }:
                        turns.Add(turn);
                        break;
                    case SaveAssessmentWrite { Assessment: var assessment }:
                        var index = turns.FindIndex(t => t.Turn.Index == assessment.TurnIndex);
                        turns[index] = turns[index] with { Assessment = assessment };
                        break;
                }
            }
            return Task.FromResult<StoredSession?>(new StoredSession(summary, _plan, turns));
        }
    }

    public Task<IReadOnlyList<SessionEvent>> LoadEventsAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<SessionEvent> events = [.. _initialEvents, .. _applied.OfType<AppendEventWrite>().Select(w => w.Event)];
            return Task.FromResult(events);
        }
    }

    public Task<Guid?> FindUserAsync(string keyHash, CancellationToken cancellationToken) => throw NotUsed();

    public Task<Guid> GetOrCreateUserAsync(string keyHash, CancellationToken cancellationToken) => throw NotUsed();

    public Task<(IReadOnlyList<SessionSummary> Sessions, SessionCursor? Next)> ListSessionsAsync(
        Guid userId, int pageSize, SessionCursor? after, CancellationToken cancellationToken) => throw NotUsed();

    public Task<int> CountSessionsAsync(Guid userId, CancellationToken cancellationToken) => throw NotUsed();

    public Task<bool> DeleteSessionAsync(Guid userId, Guid sessionId, CancellationToken cancellationToken) => throw NotUsed();

    public Task<int> DeleteUserAsync(Guid userId, CancellationToken cancellationToken) => throw NotUsed();

    public Task<InterviewReport?> LoadReportAsync(Guid sessionId, CancellationToken cancellationToken) => throw NotUsed();

    public Task<int> DeleteExpiredAudioAsync(DateTimeOffset now, CancellationToken cancellationToken) => throw NotUsed();

    private static NotSupportedException NotUsed() => new("Not used by the session engine under test.");
}
