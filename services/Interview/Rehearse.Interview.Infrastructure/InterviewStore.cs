using Google.Protobuf;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Rehearse.Interview.Infrastructure.Entities;
using Rehearse.Interview.Core.Errors;
using Rehearse.Interview.Core.Storage;
using Rehearse.Interview.Interviewers;
using Rehearse.Interview.Interviewers.Coding;
using Rehearse.Interview.V1;

namespace Rehearse.Interview.Infrastructure;

/// <summary>
/// Reads and writes users, sessions, turns, events, answer audio and reports in PostgreSQL. Every write of the
/// conversation engine goes through <see cref="ApplyAsync"/>, which is idempotent so that a batch can be retried
/// after the database comes back; a database that cannot be reached surfaces as <see cref="StoreUnavailableException"/>
/// from every call, so the caller hears UNAVAILABLE rather than an unexplained error.
/// </summary>
public sealed class InterviewStore : ISessionStore, IAccountStore
{
    private readonly IDbContextFactory<InterviewDbContext> _contexts;

    internal InterviewStore(IDbContextFactory<InterviewDbContext> contexts) => _contexts = contexts;

    /// <summary>The user with this key hash, if registered.</summary>
    public Task<Guid?> FindUserAsync(string keyHash, CancellationToken cancellationToken) => Reaching(async () =>
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        return await db.Users.Where(u => u.KeyHash == keyHash).Select(u => (Guid?)u.Id).SingleOrDefaultAsync(cancellationToken);
    });

    /// <summary>The user with this key hash, created if new.</summary>
    public Task<Guid> GetOrCreateUserAsync(string keyHash, CancellationToken cancellationToken) => Reaching(() => FindOrCreateUserAsync(
        () => FindUserAsync(keyHash, cancellationToken),
        (_, user) => user.KeyHash = keyHash,
        cancellationToken));

    /// <summary>The user signed in as this subject of this issuer, created on first sign-in.</summary>
    public Task<Guid> GetOrCreateSignedInUserAsync(string issuer, string subject, CancellationToken cancellationToken) => FindOrCreateUserAsync(
        async () =>
        {
            await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
            return await FindSignedInUserAsync(db, issuer, subject, cancellationToken);
        },
        (db, user) => db.SignIns.Add(new SignInEntity { Issuer = issuer, Subject = subject, UserId = user.Id, CreatedAt = user.CreatedAt }),
        cancellationToken);

    /// <summary>
    /// The user <paramref name="find"/> finds, or a new one that <paramref name="complete"/> fills in (and adds what is
    /// saved with it to the context). Another call (a second tab, a sign-in in another browser) can create the
    /// same user between the look-up and the insert, and a deletion of all the user's data can remove it again before
    /// the next look-up: each round looks again, and the last one lets the conflict fail.
    /// </summary>
    private async Task<Guid> FindOrCreateUserAsync(
        Func<Task<Guid?>> find, Action<InterviewDbContext, UserEntity> complete, CancellationToken cancellationToken)
    {
        const int Rounds = 5;
        for (var round = 1; ; round++)
        {
            if (await find() is { } existing)
            {
                return existing;
            }
            await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
            var user = new UserEntity { Id = Guid.CreateVersion7(), CreatedAt = DateTimeOffset.UtcNow };
            db.Users.Add(user);
            complete(db, user);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return user.Id;
            }
            catch (DbUpdateException e) when (round < Rounds && e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
            {
                // Another call created the same user first.
            }
        }
    }

    private static Task<Guid?> FindSignedInUserAsync(InterviewDbContext db, string issuer, string subject, CancellationToken cancellationToken) =>
        db.SignIns.Where(s => s.Issuer == issuer && s.Subject == subject).Select(s => (Guid?)s.UserId).SingleOrDefaultAsync(cancellationToken);

    /// <summary>Gives the user a new API key; the previous one stops working.</summary>
    public async Task ReplaceKeyAsync(Guid userId, string keyHash, CancellationToken cancellationToken)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var updated = await db.Users.Where(u => u.Id == userId)
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.KeyHash, keyHash), cancellationToken);
        if (updated == 0)
        {
            throw new InvalidOperationException($"User {userId} does not exist.");
        }
    }

    /// <summary>
    /// Creates a session with its planned questions and the events it starts with (notices from planning), which
    /// are numbered from 1.
    /// </summary>
    public Task<SessionSummary> CreateSessionAsync(
        Guid userId, SessionSettings settings, IReadOnlyList<PlannedQuestion> plan, string title, IReadOnlyList<SessionEvent> events,
        CancellationToken cancellationToken) => Reaching(async () =>
    {
        var now = DateTimeOffset.UtcNow;
        var id = Guid.CreateVersion7();
        for (var i = 0; i < events.Count; i++)
        {
            events[i].Sequence = i + 1;
            events[i].SessionId = id.ToString();
            events[i].Time ??= Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(now);
        }
        var entity = new SessionEntity
        {
            Id = id,
            UserId = userId,
            Role = settings.Role,
            InterviewType = settings.InterviewType.ToString(),
            Difficulty = settings.Difficulty.ToString(),
            QuestionCount = plan.Count,
            Voice = settings.Voice,
            JobDescription = settings.JobDescription,
            Resume = settings.Resume,
            Engine = settings.Engine.ToString(),
            Spoken = settings.Spoken,
            AnswerTimeLimit = settings.AnswerTimeLimit,
            EndOfAnswerSilence = settings.EndOfAnswerSilence,
            Patience = settings.Patience.ToString(),
            Practice = settings.Practice,
            CodingLanguage = settings.CodingLanguage.ToString(),
            CodingQuestionCount = settings.CodingQuestionCount,
            State = SessionState.Created.ToString(),
            Title = title,
            CreatedAt = now,
            UpdatedAt = now,
            LastSequence = events.Count,
            PlannedQuestions = plan.Select((q, i) => new PlannedQuestionEntity
            {
                Index = i,
                QuestionId = q.Id,
                Text = q.Text,
                KeyPoints = [.. q.KeyPoints],
                ExampleAnswer = q.ExampleAnswer,
                Coding = q.Coding is null ? null : StoreJson.Serialize(q.Coding),
            }).ToList(),
        };
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        db.Sessions.Add(entity);
        db.Events.AddRange(events.Select(e => ToEntity(id, e)));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.ForeignKeyViolation, ConstraintName: "fk_sessions_users_user_id" })
        {
            // Another call of the user's deleted all their data (DeleteUserData) after this one found the user.
            throw new SessionStateException("All of your data was deleted while this session was being created; create it again.");
        }
        return ToSummary(entity);
    });

    /// <summary>A session with its plan and turns, or null when there is none with this id.</summary>
    public Task<StoredSession?> LoadSessionAsync(Guid sessionId, CancellationToken cancellationToken) =>
        Reaching(() => LoadSessionCoreAsync(sessionId, cancellationToken));

    private async Task<StoredSession?> LoadSessionCoreAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var entity = await db.Sessions.AsNoTracking()
            .Include(s => s.PlannedQuestions)
            .Include(s => s.Turns)
            .AsSplitQuery()
            .SingleOrDefaultAsync(s => s.Id == sessionId, cancellationToken);
        if (entity is null)
        {
            return null;
        }
        var plan = entity.PlannedQuestions.OrderBy(q => q.Index)
            .Select(q => new PlannedQuestion(q.QuestionId, q.Text, q.KeyPoints, q.ExampleAnswer)
            {
                Coding = q.Coding is null ? null : StoreJson.Deserialize<CodingProblemBrief>(q.Coding),
            })
            .ToList();
        var turns = entity.Turns.OrderBy(t => t.Index).Select(ToStoredTurn).ToList();
        return new StoredSession(ToSummary(entity), plan, turns);
    }

    /// <summary>One page of a user's sessions, newest first, continuing after <paramref name="after"/>.</summary>
    public Task<(IReadOnlyList<SessionSummary> Sessions, SessionCursor? Next)> ListSessionsAsync(
        Guid userId, int pageSize, SessionCursor? after, CancellationToken cancellationToken) => Reaching(async () =>
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var query = db.Sessions.AsNoTracking().Where(s => s.UserId == userId);
        if (after is { } cursor)
        {
            query = query.Where(s => s.CreatedAt < cursor.CreatedAt);
        }
        var page = await query.OrderByDescending(s => s.CreatedAt)
            .Take(pageSize + 1)
            .ToListAsync(cancellationToken);
        var next = page.Count > pageSize ? new SessionCursor(page[pageSize - 1].CreatedAt) : (SessionCursor?)null;
        return ((IReadOnlyList<SessionSummary>)page.Take(pageSize).Select(ToSummary).ToList(), next);
    });

    /// <summary>
    /// The main questions a user was asked in their sessions of this role and interview type (a turn was stored
    /// for the question, answered or skipped), by question id, with when each was last asked.
    /// </summary>
    public Task<IReadOnlyDictionary<string, DateTimeOffset>> QuestionsAskedAsync(
        Guid userId, string role, InterviewType interviewType, CancellationToken cancellationToken) => Reaching(async () =>
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var type = interviewType.ToString();
        // A planned question that was never reached (the session ended early) was not asked, so it counts from its turns.
        var asked = await (
                from session in db.Sessions.AsNoTracking()
                where session.UserId == userId && session.Role == role && session.InterviewType == type
                join turn in db.Turns on session.Id equals turn.SessionId
                join question in db.PlannedQuestions
                    on new { turn.SessionId, Index = turn.QuestionIndex } equals new { question.SessionId, question.Index }
                group turn.AskedAt by question.QuestionId into times
                select new { QuestionId = times.Key, LastAsked = times.Max() })
            .ToListAsync(cancellationToken);
        return (IReadOnlyDictionary<string, DateTimeOffset>)asked.ToDictionary(a => a.QuestionId, a => a.LastAsked, StringComparer.Ordinal);
    });

    /// <summary>How many sessions a user has stored.</summary>
    public Task<int> CountSessionsAsync(Guid userId, CancellationToken cancellationToken) => Reaching(async () =>
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        return await db.Sessions.CountAsync(s => s.UserId == userId, cancellationToken);
    });

    /// <summary>Deletes a user's session with everything that belongs to it; false when the user has no such session.</summary>
    public Task<bool> DeleteSessionAsync(Guid userId, Guid sessionId, CancellationToken cancellationToken) => Reaching(async () =>
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var deleted = await db.Sessions.Where(s => s.Id == sessionId && s.UserId == userId).ExecuteDeleteAsync(cancellationToken);
        return deleted > 0;
    });

    /// <summary>
    /// Deletes a user with every session and everything that belongs to them (and the user's sign-ins), in one
    /// transaction; returns how many sessions were deleted.
    /// </summary>
    public Task<int> DeleteUserAsync(Guid userId, CancellationToken cancellationToken) => Reaching(async () =>
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Deleting the user alone would cascade to everything; the sessions go first only to be counted.
        var sessions = await db.Sessions.Where(s => s.UserId == userId).ExecuteDeleteAsync(cancellationToken);
        await db.Users.Where(u => u.Id == userId).ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return sessions;
    });

    /// <summary>The stored events of a session, in order.</summary>
    public Task<IReadOnlyList<SessionEvent>> LoadEventsAsync(Guid sessionId, CancellationToken cancellationToken) =>
        Reaching(() => LoadEventsCoreAsync(sessionId, cancellationToken));

    private async Task<IReadOnlyList<SessionEvent>> LoadEventsCoreAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var payloads = await db.Events.AsNoTracking()
            .Where(e => e.SessionId == sessionId)
            .OrderBy(e => e.Sequence)
            .Select(e => e.Payload)
            .ToListAsync(cancellationToken);
        return payloads.Select(SessionEvent.Parser.ParseFrom).ToList();
    }

    /// <summary>The report of a session, or null when none is written.</summary>
    public Task<InterviewReport?> LoadReportAsync(Guid sessionId, CancellationToken cancellationToken) => Reaching(async () =>
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var content = await db.Reports.AsNoTracking()
            .Where(r => r.SessionId == sessionId)
            .Select(r => r.Content)
            .SingleOrDefaultAsync(cancellationToken);
        return content is null ? null : StoreJson.Deserialize<InterviewReport>(content);
    });

    /// <summary>Deletes answer audio past its expiry; returns how many answers were deleted.</summary>
    public Task<int> DeleteExpiredAudioAsync(DateTimeOffset now, CancellationToken cancellationToken) => Reaching(async () =>
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        return await db.AnswerAudio.Where(a => a.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken);
    });

    /// <summary>
    /// Applies a batch of a session's writes in one transaction. Re-applying a batch that was already committed
    /// changes nothing, so a batch whose outcome is unknown (the connection dropped) can simply be retried.
    /// </summary>
    public Task ApplyAsync(Guid sessionId, IReadOnlyList<StoreWrite> writes, CancellationToken cancellationToken) =>
        Reaching(async () =>
        {
            await ApplyCoreAsync(sessionId, writes, cancellationToken);
            return true;
        });

    /// <summary>Runs a database call, reporting a database that cannot be reached as <see cref="StoreUnavailableException"/>.</summary>
    private static async Task<T> Reaching<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception e) when (InterviewDatabase.IsTransient(e))
        {
            throw new StoreUnavailableException("The database is unreachable.", e);
        }
    }

    private async Task ApplyCoreAsync(Guid sessionId, IReadOnlyList<StoreWrite> writes, CancellationToken cancellationToken)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var session = await db.Sessions.SingleOrDefaultAsync(s => s.Id == sessionId, cancellationToken);
        if (session is null)
        {
            // Deleted while running: nothing left to write to.
            return;
        }

        var events = writes.OfType<AppendEventWrite>().Select(w => w.Event).ToList();
        if (events.Count > 0)
        {
            var first = events.Min(e => e.Sequence);
            var stored = (await db.Events.Where(e => e.SessionId == sessionId && e.Sequence >= first)
                .Select(e => e.Sequence).ToListAsync(cancellationToken)).ToHashSet();
            db.Events.AddRange(events.Where(e => !stored.Contains(e.Sequence)).Select(e => ToEntity(sessionId, e)));
        }

        var turnWrites = writes.OfType<SaveTurnWrite>().Select(w => w.Turn).ToList();
        var assessmentWrites = writes.OfType<SaveAssessmentWrite>().Select(w => w.Assessment).ToList();
        var turnIndexes = turnWrites.Select(t => t.Turn.Index).Concat(assessmentWrites.Select(a => a.TurnIndex)).Distinct().ToList();
        var turns = turnIndexes.Count == 0
            ? []
            : await db.Turns.Where(t => t.SessionId == sessionId && turnIndexes.Contains(t.Index)).ToDictionaryAsync(t => t.Index, cancellationToken);
        foreach (var turn in turnWrites)
        {
            if (!turns.TryGetValue(turn.Turn.Index, out var entity))
            {
                entity = new TurnEntity { SessionId = sessionId, Index = turn.Turn.Index, Kind = "", Question = "", Answer = "", EndReason = "", Segments = "[]" };
                db.Turns.Add(entity);
                turns[turn.Turn.Index] = entity;
            }
            Fill(entity, turn);
        }
        foreach (var assessment in assessmentWrites)
        {
            if (turns.TryGetValue(assessment.TurnIndex, out var entity))
            {
                entity.Assessment = StoreJson.Serialize(assessment);
                entity.OverallScore = assessment.Scores.Overall;
            }
        }

        var snapshots = writes.OfType<SaveCodeSnapshotWrite>().Select(w => w.Snapshot).ToList();
        if (snapshots.Count > 0)
        {
            var ids = snapshots.Select(s => s.Id).ToList();
            var stored = (await db.CodeSnapshots.Where(s => ids.Contains(s.Id)).Select(s => s.Id).ToListAsync(cancellationToken)).ToHashSet();
            db.CodeSnapshots.AddRange(snapshots.Where(s => !stored.Contains(s.Id)).Select(s => new CodeSnapshotEntity
            {
                Id = s.Id,
                SessionId = sessionId,
                TurnIndex = s.TurnIndex,
                ProblemId = s.ProblemId,
                RanAt = s.RanAt,
                TestSet = s.TestSet.ToString(),
                Submission = s.Submission,
                Language = s.Language.ToString(),
                Code = s.Code,
                Status = s.Status.ToString(),
                Verdict = s.Verdict.ToString(),
                PassedCount = s.PassedCount,
                TestCount = s.TestCount,
            }));
        }

        foreach (var audio in writes.OfType<SaveAnswerAudioWrite>())
        {
            var existing = await db.AnswerAudio.FindAsync([sessionId, audio.TurnIndex], cancellationToken);
            if (existing is null)
            {
                db.AnswerAudio.Add(new AnswerAudioEntity
                {
                    SessionId = sessionId,
                    TurnIndex = audio.TurnIndex,
                    SampleRateHertz = audio.Format.SampleRateHertz,
                    Encoding = audio.Format.Float32 ? AnswerAudioEntity.Float32 : AnswerAudioEntity.Linear16,
                    Pcm = audio.Pcm,
                    CreatedAt = DateTimeOffset.UtcNow,
                    ExpiresAt = audio.ExpiresAt,
                });
            }
        }

        if (writes.OfType<SaveReportWrite>().LastOrDefault() is { } reportWrite)
        {
            var report = await db.Reports.FindAsync([sessionId], cancellationToken);
            if (report is null)
            {
                report = new ReportEntity { SessionId = sessionId, Content = "" };
                db.Reports.Add(report);
            }
            report.CreatedAt = reportWrite.Report.CreatedAt;
            report.OverallScore = reportWrite.Report.Scores.Overall;
            report.Content = StoreJson.Serialize(reportWrite.Report);
        }

        if (writes.OfType<UpdateSessionWrite>().LastOrDefault() is { } update)
        {
            var u = update.Update;
            session.State = u.State.ToString();
            session.QuestionIndex = u.QuestionIndex;
            session.UpdatedAt = u.UpdatedAt;
            session.EndedAt = u.EndedAt;
            session.OverallScore = u.OverallScore;
            session.LastSequence = Math.Max(session.LastSequence, u.LastSequence);
        }
        if (events.Count > 0)
        {
            session.LastSequence = Math.Max(session.LastSequence, events.Max(e => e.Sequence));
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private static EventEntity ToEntity(Guid sessionId, SessionEvent e) => new()
    {
        SessionId = sessionId,
        Sequence = e.Sequence,
        Time = e.Time.ToDateTimeOffset(),
        Kind = e.EventCase.ToString(),
        Payload = e.ToByteArray(),
    };

    private static void Fill(TurnEntity entity, StoredTurn stored)
    {
        var turn = stored.Turn;
        entity.Kind = turn.Kind.ToString();
        entity.QuestionIndex = turn.QuestionIndex;
        entity.Attempt = turn.Attempt;
        entity.Question = turn.Question;
        entity.Answer = turn.Answer;
        entity.Typed = turn.Typed;
        entity.Skipped = turn.Skipped;
        entity.EndReason = stored.EndReason.ToString();
        entity.AskedAt = stored.AskedAt;
        entity.AnsweredAt = stored.AnsweredAt;
        entity.AnswerDuration = turn.AnswerDuration;
        entity.Segments = StoreJson.Serialize(turn.Segments);
        entity.Analytics = turn.Analytics is null ? null : StoreJson.Serialize(turn.Analytics);
        if (stored.Assessment is { } assessment)
        {
            entity.Assessment = StoreJson.Serialize(assessment);
            entity.OverallScore = assessment.Scores.Overall;
        }
        entity.Coding = turn.Coding is null ? null : StoreJson.Serialize(turn.Coding);
        entity.CodingTask = stored.Coding?.ToByteArray();
    }

    private static StoredTurn ToStoredTurn(TurnEntity t) => new(
        new AnsweredTurn(
            t.Index,
            Enum.Parse<MoveKind>(t.Kind),
            t.QuestionIndex,
            t.Question,
            t.Answer,
            t.Typed,
            t.Skipped,
            StoreJson.Deserialize<List<AnswerSegment>>(t.Segments),
            t.AnswerDuration,
            t.Analytics is null ? null : StoreJson.Deserialize<Interviewers.SpeechAnalytics>(t.Analytics),
            t.Attempt)
        {
            Coding = t.Coding is null ? null : StoreJson.Deserialize<CodingOutcome>(t.Coding),
        },
        t.AskedAt,
        t.AnsweredAt,
        Enum.Parse<AnswerEndReason>(t.EndReason),
        t.Assessment is null ? null : StoreJson.Deserialize<AnswerAssessment>(t.Assessment))
    {
        Coding = t.CodingTask is null ? null : CodingTask.Parser.ParseFrom(t.CodingTask),
    };

    private static SessionSummary ToSummary(SessionEntity s) => new(
        s.Id,
        s.UserId,
        new SessionSettings(
            s.Role,
            Enum.Parse<InterviewType>(s.InterviewType),
            Enum.Parse<Difficulty>(s.Difficulty),
            s.QuestionCount,
            s.Voice,
            s.JobDescription,
            s.Resume,
            Enum.Parse<InterviewerEngine>(s.Engine),
            s.Spoken,
            s.AnswerTimeLimit,
            s.EndOfAnswerSilence,
            Enum.Parse<Patience>(s.Patience),
            s.Practice)
        {
            CodingLanguage = Enum.Parse<Coding.V1.Language>(s.CodingLanguage),
            CodingQuestionCount = s.CodingQuestionCount,
        },
        Enum.Parse<SessionState>(s.State),
        s.CreatedAt,
        s.UpdatedAt,
        s.EndedAt,
        s.QuestionIndex,
        s.OverallScore,
        s.Title,
        s.LastSequence);
}

