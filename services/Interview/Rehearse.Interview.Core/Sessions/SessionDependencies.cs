using Microsoft.Extensions.Options;
using Rehearse.Interview.Core.Speech;
using Rehearse.Interview.Core.Storage;
using Rehearse.Interview.Core.Telemetry;
using Rehearse.Interview.Interviewers;
using Rehearse.Interview.Interviewers.Analytics;

namespace Rehearse.Interview.Core.Sessions;

/// <summary>What every session actor uses, resolved once.</summary>
public sealed class SessionDependencies(
    ISessionStore store,
    ISpeechPort speech,
    Coding.ICodeRunnerPort codeRunner,
    IInterviewerFactory interviewers,
    SpeechAnalyzer analyzer,
    IOptions<InterviewOptions> options,
    ILoggerFactory loggers,
    TimeProvider clock,
    InterviewTelemetry? telemetry = null)
{
    public ISessionStore Store => store;

    public ISpeechPort Speech => speech;

    public Coding.ICodeRunnerPort CodeRunner => codeRunner;

    public IInterviewerFactory Interviewers => interviewers;

    public SpeechAnalyzer Analyzer => analyzer;

    public InterviewOptions Options => options.Value;

    public ILogger Logger { get; } = loggers.CreateLogger("Rehearse.Interview.Core.Sessions.SessionActor");

    public TimeProvider Clock => clock;

    /// <summary>The instruments; null where nothing measures (unit tests).</summary>
    public InterviewTelemetry? Telemetry => telemetry;
}
