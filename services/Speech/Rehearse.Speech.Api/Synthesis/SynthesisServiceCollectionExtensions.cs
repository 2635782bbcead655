using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using Rehearse.Speech.Api.Hosting;
using Rehearse.Speech.Api.Telemetry;
using Rehearse.Speech.Synthesis;
using Rehearse.Speech.Synthesis.Piper;
using Rehearse.Speech.Synthesis.Voices;

namespace Rehearse.Speech.Api.Synthesis;

/// <summary>Registration of speech synthesis.</summary>
public static class SynthesisServiceCollectionExtensions
{
    /// <summary>Configuration section of <see cref="SynthesisOptions"/>.</summary>
    public const string SectionName = "Speech:Synthesis";

    /// <summary>Adds the synthesis endpoint, its engine and options (<c>Speech:Synthesis</c>), and voice loading at start.</summary>
    public static IHostApplicationBuilder AddSpeechSynthesis(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SynthesisOptions>()
            .Bind(builder.Configuration.GetSection(SectionName))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<SynthesisOptions>, SynthesisOptionsValidator>();
        builder.Services.AddSingleton(services =>
        {
            var options = services.GetRequiredService<IOptions<SynthesisOptions>>().Value;
            var loggers = services.GetRequiredService<ILoggerFactory>();
            // Families this build can load; a Kokoro loader, for one, would be added here.
            IVoiceModelLoader[] loaders = [new PiperVoiceModelLoader(options, loggers)];
            var voices = VoiceRegistry.Load(
                options,
                services.GetRequiredService<ModelDirectory>().Path,
                loaders,
                loggers.CreateLogger<VoiceRegistry>());
            return new SpeechSynthesizer(options, voices, loggers.CreateLogger<SpeechSynthesizer>(),
                services.GetRequiredService<IMeterFactory>().Create(SpeechTelemetry.MeterName));
        });
        builder.Services.AddHostedService<SynthesisVoiceLoader>();
        builder.Services.AddSingleton<SynthesisEndpoint>();
        return builder;
    }

    private sealed class SynthesisOptionsValidator : IValidateOptions<SynthesisOptions>
    {
        public ValidateOptionsResult Validate(string? name, SynthesisOptions options)
        {
            var errors = options.Validate();
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }
}
