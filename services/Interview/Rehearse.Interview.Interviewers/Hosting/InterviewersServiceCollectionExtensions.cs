using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Rehearse.Interview.Interviewers.Analytics;
using Rehearse.Interview.Interviewers.Assessment;
using Rehearse.Interview.Interviewers.Hosting;
using Rehearse.Interview.Interviewers.QuestionBanks;
using Rehearse.Interview.Interviewers.Reports;

namespace Rehearse.Interview.Interviewers;

/// <summary>Registers the interviewers.</summary>
public static class InterviewersServiceCollectionExtensions
{
    /// <summary>Name of the environment variable (or configuration key) holding the Gemini API key.</summary>
    public const string GeminiApiKeyVariable = "GEMINI_API_KEY";

    /// <summary>
    /// Registers <see cref="IInterviewerFactory"/>, <see cref="QuestionBankCatalog"/> (built-in plus user banks, loaded
    /// on first use; resolve it at start-up to fail fast on an invalid bank), <see cref="SpeechAnalyzer"/>,
    /// and the "Interviewers" options, validated at start.
    /// </summary>
    public static IServiceCollection AddInterviewers(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<InterviewersOptions>()
            .Bind(configuration.GetSection(InterviewersOptions.SectionName))
            .PostConfigure(o =>
            {
                if (string.IsNullOrWhiteSpace(o.Gemini.ApiKey))
                {
                    o.Gemini.ApiKey = configuration[GeminiApiKeyVariable] ?? Environment.GetEnvironmentVariable(GeminiApiKeyVariable);
                }
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<InterviewersOptions>, InterviewersOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp =>
            QuestionBankLoader.Load(sp.GetRequiredService<IOptions<InterviewersOptions>>().Value.QuestionBanks.Directory));
        services.TryAddSingleton(sp => new JobKeywords(sp.GetRequiredService<QuestionBankCatalog>()));
        services.TryAddSingleton(sp => new ReportComposer(sp.GetRequiredService<JobKeywords>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new SpeechAnalyzer(sp.GetRequiredService<IOptions<InterviewersOptions>>().Value.Analytics));
        services.TryAddSingleton<IInterviewerFactory, InterviewerFactory>();
        return services;
    }
}
