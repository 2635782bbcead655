using Rehearse.Interview.V1;

namespace Rehearse.Interview.Api.Sessions;

/// <summary>
/// One interview session, wherever in the cluster it is activated: every call for the session, through any
/// Interview process, reaches the one actor that runs it. Each method takes the caller's user id and answers as if
/// the session did not exist when it is someone else's. Refusals come back as the engine's SessionExceptions.
/// </summary>
[Alias("rehearse.interview.session")]
public interface ISessionGrain : IGrainWithGuidKey
{
    /// <summary>The session and its committed turns.</summary>
    [Alias("get")]
    Task<GetSessionResponse> GetAsync(Guid userId, CancellationToken cancellationToken);

    /// <summary>
    /// Checks ownership, sets the format of interviewer audio when given, and returns the sequence of the latest
    /// event, from which a subscriber that wants only new events subscribes.
    /// </summary>
    [Alias("open")]
    Task<long> OpenAsync(Guid userId, AudioFormat? outputFormat, CancellationToken cancellationToken);

    /// <summary>The events after <paramref name="afterSequence"/>, then the live ones, until the session finishes.</summary>
    [Alias("events")]
    IAsyncEnumerable<SessionEvent> EventsAsync(Guid userId, long afterSequence, AudioFormat? outputFormat, CancellationToken cancellationToken);

    /// <summary>A control action; START counts against the owner's running-session limit across the cluster.</summary>
    [Alias("control")]
    Task<Session> ControlAsync(Guid userId, ControlRequest request, CancellationToken cancellationToken);

    /// <summary>Delivers answer audio and waits until the session has taken it.</summary>
    [Alias("send-audio")]
    Task<SendAudioResponse> SendAudioAsync(Guid userId, SendAudioRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Queues answer audio in order without waiting for the session to take it; returns a ticket for
    /// <see cref="AudioTakenAsync"/>, which says what became of it.
    /// </summary>
    [Alias("queue-audio")]
    Task<long> QueueAudioAsync(Guid userId, SendAudioRequest request, CancellationToken cancellationToken);

    /// <summary>The highest chunk number received once queued audio is taken, or why it was refused.</summary>
    [Alias("audio-taken")]
    Task<long> AudioTakenAsync(long ticket, CancellationToken cancellationToken);

    /// <summary>Delivers a typed answer.</summary>
    [Alias("send-text")]
    Task SendTextAsync(Guid userId, string text, CancellationToken cancellationToken);

    /// <summary>Runs or submits the current coding question's code.</summary>
    [Alias("run-code")]
    Task<RunCodeResponse> RunCodeAsync(Guid userId, RunCodeRequest request, bool submit, CancellationToken cancellationToken);

    /// <summary>Runs the current coding question's code, streaming its output, then its result.</summary>
    [Alias("stream-run-code")]
    IAsyncEnumerable<StreamRunCodeResponse> StreamRunCodeAsync(Guid userId, RunCodeRequest request, CancellationToken cancellationToken);

    /// <summary>The report of the finished session.</summary>
    [Alias("report")]
    Task<Report> ReportAsync(Guid userId, CancellationToken cancellationToken);

    /// <summary>The report as a document.</summary>
    [Alias("export-report")]
    Task<ExportReportResponse> ExportReportAsync(Guid userId, ExportReportRequest request, CancellationToken cancellationToken);

    /// <summary>The transcript as a document.</summary>
    [Alias("export-transcript")]
    Task<ExportTranscriptResponse> ExportTranscriptAsync(Guid userId, ExportTranscriptRequest request, CancellationToken cancellationToken);

    /// <summary>Waits until every change so far is in the store.</summary>
    [Alias("flush")]
    Task FlushAsync(Guid userId, CancellationToken cancellationToken);

    /// <summary>Stops the session (saving it) and deletes it from the store.</summary>
    [Alias("delete")]
    Task DeleteAsync(Guid userId, CancellationToken cancellationToken);

    /// <summary>Stops the session, saving it, and deactivates (before its owner's data is deleted).</summary>
    [Alias("unload")]
    Task UnloadAsync();

    /// <summary>True while the session runs here or is being started (for the owner's running-session limit).</summary>
    [Alias("is-running")]
    Task<bool> IsRunningAsync();
}

/// <summary>
/// One user's running sessions, for the limit on how many may run at once (<c>Interview:MaxActiveSessionsPerUser</c>)
/// across every Interview process. Not reentrant: starts are granted one at a time.
/// </summary>
[Alias("rehearse.interview.user-sessions")]
public interface IUserSessionsGrain : IGrainWithGuidKey
{
    /// <summary>Grants a start unless <paramref name="limit"/> other sessions of the user are running.</summary>
    [Alias("try-start")]
    Task<bool> TryStartAsync(Guid sessionId, int limit);
}
