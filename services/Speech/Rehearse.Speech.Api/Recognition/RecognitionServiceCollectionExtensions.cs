using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using Rehearse.Speech.Api.Hosting;
using Rehearse.Speech.Api.Telemetry;
using Rehearse.Speech.Recognition.Engine;

namespace Rehearse.Speech.Api.Recognition;

/// <summary>Registration of speech recognition.</summary>
public static class RecognitionServiceCollectionExtensions
{
    /// <summary>Adds the recognition endpoint, its engine and options (<c>Speech:Recognition</c>), and model preloading.</summary>
    public static IHostApplicationBuilder AddSpeechRecognition(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RecognitionOptions>()
            .Bind(builder.Configuration.GetSection(RecognitionOptions.SectionName))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<RecognitionOptions>>(new RecognitionOptionsValidator(builder.Configuration));
        builder.Services.AddSingleton(services => new SpeechRecognitionEngine(
            services.GetRequiredService<IOptions<RecognitionOptions>>().Value,
            services.GetRequiredService<ModelDirectory>().Path,
            services.GetRequiredService<IMeterFactory>().Create(SpeechTelemetry.MeterName)));
        builder.Services.AddHostedService<RecognitionModelPreloader>();
        builder.Services.AddSingleton<RecognitionEndpoint>();
        return builder;
    }

    /// <summary>Checks the options' own rules and that a full audio message fits in the transport's message limit.</summary>
    private sealed class RecognitionOptionsValidator(IConfiguration configuration) : IValidateOptions<RecognitionOptions>
    {
        // Room for the protobuf framing around the audio bytes of a message.
        private const int MessageOverheadBytes = 64 * 1024;

        public ValidateOptionsResult Validate(string? name, RecognitionOptions options)
        {
            var errors = options.Validate().ToList();
            var transportLimit = SpeechHostingExtensions.MaxReceiveMessageBytes(configuration);
            if ((long)options.MaxMessageBytes + MessageOverheadBytes > transportLimit)
            {
                errors.Add($"{RecognitionOptions.SectionName}:MaxMessageBytes ({options.MaxMessageBytes}) plus {MessageOverheadBytes} bytes of framing must fit in Speech:MaxReceiveMessageBytes ({transportLimit}), so oversized audio gets a clear INVALID_ARGUMENT rather than the transport's error.");
            }
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }
}
