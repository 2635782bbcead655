using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using OpenAI;
using Rehearse.Interview.Interviewers.Llm;
using Rehearse.Interview.Interviewers.Offline;
using Rehearse.Interview.Interviewers.QuestionBanks;
using Rehearse.Interview.Interviewers.Reports;

namespace Rehearse.Interview.Interviewers.Hosting;

/// <summary>Makes interviewers for sessions from the configured engines; chat clients are made once and shared.</summary>
internal sealed class InterviewerFactory : IInterviewerFactory, IDisposable
{
    private readonly QuestionBankCatalog _catalog;
    private readonly ReportComposer _reports;
    private readonly TimeProvider _time;
    private readonly InterviewersOptions _options;
    private readonly Lazy<IChatClient> _gemini;
    private readonly Lazy<IChatClient> _openAiCompatible;

    public InterviewerFactory(QuestionBankCatalog catalog, ReportComposer reports, TimeProvider time, IOptions<InterviewersOptions> options)
    {
        _catalog = catalog;
        _reports = reports;
        _time = time;
        _options = options.Value;
        _gemini = new(() => CreateChatClient(_options.Gemini.BaseUrl, _options.Gemini.Model, _options.Gemini.ApiKey));
        _openAiCompatible = new(() => CreateChatClient(_options.OpenAiCompatible.BaseUrl!, _options.OpenAiCompatible.Model!, _options.OpenAiCompatible.ApiKey));
    }

    public InterviewerEngineKind DefaultEngine => _options.DefaultEngine;

    /// <summary>The engines; a reason for unavailability is shown to end users, so it names no setting (the docs do).</summary>
    public IReadOnlyList<EngineAvailability> Engines =>
    [
        new(InterviewerEngineKind.Offline, "Built-in interviewer", true, null),
        string.IsNullOrWhiteSpace(_options.Gemini.ApiKey)
            ? new(InterviewerEngineKind.Gemini, $"Gemini ({_options.Gemini.Model})", false, "This server has no Gemini API key configured.")
            : new(InterviewerEngineKind.Gemini, $"Gemini ({_options.Gemini.Model})", true, null),
        _options.OpenAiCompatible.BaseUrl is null
            ? new(InterviewerEngineKind.OpenAiCompatible, "OpenAI-compatible endpoint", false, "This server has no OpenAI-compatible endpoint configured.")
            : new(InterviewerEngineKind.OpenAiCompatible, $"{_options.OpenAiCompatible.Model} at {_options.OpenAiCompatible.BaseUrl.Authority}", true, null),
    ];

    public IInterviewer Create(InterviewerEngineKind engine, Action<InterviewerNotice>? onNotice = null)
    {
        var availability = Engines.FirstOrDefault(e => e.Engine == engine)
            ?? throw new ArgumentOutOfRangeException(nameof(engine), engine, "engine: unknown interviewer engine.");
        if (!availability.Available)
        {
            throw new InvalidOperationException($"engine: {availability.DisplayName} is not available. {availability.UnavailableReason}");
        }

        var offline = new OfflineInterviewer(_catalog, _options.Offline, _reports);
        return engine switch
        {
            InterviewerEngineKind.Gemini => LanguageModel(engine, _gemini.Value, offline, onNotice),
            InterviewerEngineKind.OpenAiCompatible => LanguageModel(engine, _openAiCompatible.Value, offline, onNotice),
            _ => offline,
        };
    }

    public void Dispose()
    {
        if (_gemini.IsValueCreated)
        {
            _gemini.Value.Dispose();
        }

        if (_openAiCompatible.IsValueCreated)
        {
            _openAiCompatible.Value.Dispose();
        }
    }

    private LanguageModelInterviewer LanguageModel(InterviewerEngineKind engine, IChatClient chat, OfflineInterviewer offline, Action<InterviewerNotice>? onNotice) =>
        new(engine, new ResilientChat(chat, _options.LanguageModel, onNotice, _time), _options.LanguageModel.Temperature, offline, _catalog, _reports, onNotice);

    /// <summary>
    /// An OpenAI-compatible chat client at <paramref name="baseUrl"/>. The SDK's own retries are off: retries,
    /// back-off and the notices about them are <see cref="ResilientChat"/>'s.
    /// </summary>
    internal IChatClient CreateChatClient(Uri baseUrl, string model, string? apiKey)
    {
        var options = new OpenAIClientOptions
        {
            Endpoint = baseUrl,
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = _options.LanguageModel.RequestTimeout,
        };
        // Local servers (Ollama, vLLM) take any key; the SDK insists on one.
        var credential = new ApiKeyCredential(string.IsNullOrWhiteSpace(apiKey) ? "unused" : apiKey);
        return new OpenAI.Chat.ChatClient(model, credential, options).AsIChatClient();
    }
}
