using Microsoft.Extensions.Options;

namespace Rehearse.Interview.Interviewers.Hosting;

/// <summary>Checks <see cref="InterviewersOptions"/> at start-up, naming the setting and its allowed range.</summary>
internal sealed class InterviewersOptionsValidator : IValidateOptions<InterviewersOptions>
{
    public ValidateOptionsResult Validate(string? name, InterviewersOptions options)
    {
        var failures = new List<string>();

        void Range<T>(string key, T value, T min, T max)
            where T : IComparable<T>
        {
            if (value.CompareTo(min) < 0 || value.CompareTo(max) > 0)
            {
                failures.Add($"{InterviewersOptions.SectionName}:{key} must be between {min} and {max} (was {value}).");
            }
        }

        Range("Offline:MaxFollowUpsPerQuestion", options.Offline.MaxFollowUpsPerQuestion, 0, 3);
        Range("Offline:ShortAnswerWords", options.Offline.ShortAnswerWords, 5, 500);
        Range("Analytics:LongPauseThreshold", options.Analytics.LongPauseThreshold, TimeSpan.FromSeconds(0.5), TimeSpan.FromMinutes(1));
        Range("LanguageModel:RequestTimeout", options.LanguageModel.RequestTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10));
        Range("LanguageModel:MaxRetries", options.LanguageModel.MaxRetries, 0, 10);
        Range("LanguageModel:InitialBackoff", options.LanguageModel.InitialBackoff, TimeSpan.Zero, TimeSpan.FromMinutes(1));
        Range("LanguageModel:MaxBackoff", options.LanguageModel.MaxBackoff, TimeSpan.Zero, TimeSpan.FromMinutes(5));
        Range("LanguageModel:Temperature", options.LanguageModel.Temperature, 0f, 2f);

        if (string.IsNullOrWhiteSpace(options.Gemini.Model))
        {
            failures.Add($"{InterviewersOptions.SectionName}:Gemini:Model is required.");
        }

        if (!options.Gemini.BaseUrl.IsAbsoluteUri)
        {
            failures.Add($"{InterviewersOptions.SectionName}:Gemini:BaseUrl must be an absolute URL.");
        }

        if (options.OpenAiCompatible.BaseUrl is { } baseUrl)
        {
            if (!baseUrl.IsAbsoluteUri)
            {
                failures.Add($"{InterviewersOptions.SectionName}:OpenAiCompatible:BaseUrl must be an absolute URL.");
            }

            if (string.IsNullOrWhiteSpace(options.OpenAiCompatible.Model))
            {
                failures.Add($"{InterviewersOptions.SectionName}:OpenAiCompatible:Model is required when BaseUrl is set.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
