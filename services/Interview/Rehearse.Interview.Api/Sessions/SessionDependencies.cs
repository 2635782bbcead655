using Microsoft.Extensions.Options;
using Rehearse.Interview.Api.Hosting;
using Rehearse.Interview.Api.Infrastructure;
using Rehearse.Interview.Api.Speech;
using Rehearse.Interview.Interviewers;
using Rehearse.Interview.Interviewers.Analytics;

namespace Rehearse.Interview.Api.Sessions;

/// <summary>What every session actor uses, resolved once.</summary>
internal sealed class SessionDependencies(
    InterviewStore store,
    SpeechGateway speech,
    IInterviewerFactory interviewers,
    SpeechAnalyzer analyzer,
    IOptions<InterviewOptions> options,
    ILoggerFactory loggers,
    TimeProvider clock)
{
    public InterviewStore Store => store;

    public SpeechGateway Speech => speech;

    public IInterviewerFactory Interviewers => interviewers;

    public SpeechAnalyzer Analyzer => analyzer;

    public InterviewOptions Options => options.Value;

    public ILogger Logger { get; } = loggers.CreateLogger("Rehearse.Interview.Api.Sessions.SessionActor");

    public TimeProvider Clock => clock;
}
