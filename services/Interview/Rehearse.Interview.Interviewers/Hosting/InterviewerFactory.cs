using Microsoft.Extensions.Options;
using Rehearse.Interview.Interviewers.Offline;
using Rehearse.Interview.Interviewers.QuestionBanks;
using Rehearse.Interview.Interviewers.Reports;

namespace Rehearse.Interview.Interviewers.Hosting;

/// <summary>Makes interviewers for sessions from the configured engines.</summary>
internal sealed class InterviewerFactory(
    QuestionBankCatalog catalog,
    ReportComposer reports,
    IOptions<InterviewersOptions> options) : IInterviewerFactory
{
    private readonly InterviewersOptions _options = options.Value;

    public InterviewerEngineKind DefaultEngine => _options.DefaultEngine;

    public IReadOnlyList<EngineAvailability> Engines =>
    [
        new(InterviewerEngineKind.Offline, "Built-in interviewer", true, null),
        new(InterviewerEngineKind.Gemini, $"Gemini ({_options.Gemini.Model})", false,
            "The Gemini engine is not available in this build."),
        new(InterviewerEngineKind.OpenAiCompatible, "OpenAI-compatible endpoint", false,
            "The OpenAI-compatible engine is not available in this build."),
    ];

    public IInterviewer Create(InterviewerEngineKind engine, Action<InterviewerNotice>? onNotice = null)
    {
        var availability = Engines.FirstOrDefault(e => e.Engine == engine)
            ?? throw new ArgumentOutOfRangeException(nameof(engine), engine, "engine: unknown interviewer engine.");
        if (!availability.Available)
        {
            throw new InvalidOperationException($"engine: {availability.DisplayName} is not available: {availability.UnavailableReason}");
        }

        return new OfflineInterviewer(catalog, _options.Offline, reports);
    }
}
