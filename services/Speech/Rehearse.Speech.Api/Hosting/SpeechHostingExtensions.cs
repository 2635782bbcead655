using Microsoft.Extensions.Options;
using Rehearse.ServiceDefaults;
using Rehearse.Speech.Api.Access;
using Rehearse.Speech.Api.Grpc;

namespace Rehearse.Speech.Api.Hosting;

/// <summary>Registration of the host-level pieces of the Speech service.</summary>
public static class SpeechHostingExtensions
{
    /// <summary>
    /// Adds gRPC with the service's message limits and its access rules (<see cref="SpeechAccessOptions"/>), the
    /// resolved <see cref="ModelDirectory"/> and the release of start-up memory once the models are warm.
    /// </summary>
    public static IHostApplicationBuilder AddSpeechHosting(this IHostApplicationBuilder builder)
    {
        var models = ModelDirectory.Resolve(builder.Configuration);
        if (!Directory.Exists(models.Path))
        {
            throw new InvalidOperationException(
                $"Speech:ModelsDirectory '{models.Path}' does not exist. Fetch the models with scripts/lib/models.sh " +
                "(scripts/run does this) or point Speech:ModelsDirectory / REHEARSE_MODELS_DIR at them.");
        }
        builder.Services.AddSingleton(models);
        builder.Services.AddHostedService<StartupMemoryRelease>();
        builder.Services.AddGrpc(options =>
        {
            options.EnableDetailedErrors = false;
            // Per-message limits are enforced by the endpoints with a clear status; this is the transport ceiling.
            options.MaxReceiveMessageSize = MaxReceiveMessageBytes(builder.Configuration);
            options.MaxSendMessageSize = null;
        }).AddServiceOptions<SpeechGrpcService>(options => options.Interceptors.Add<ApiKeyInterceptor>());
        builder.Services.AddSingleton<ApiKeyInterceptor>();
        builder.Services.AddOptions<SpeechAccessOptions>()
            .Bind(builder.Configuration.GetSection(SpeechAccessOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate<IOptions<ServiceEndpointOptions>>(
                (access, endpoints) => !access.IsExposedWithoutCredentials(endpoints.Value.BindAddress, endpoints.Value.Tls.RequiresClientCertificate),
                SpeechAccessOptions.ExposedWithoutCredentials)
            .ValidateOnStart();
        return builder;
    }

    /// <summary>The transport's ceiling for one message (<c>Speech:MaxReceiveMessageBytes</c>), which the per-request limits must fit under.</summary>
    public static int MaxReceiveMessageBytes(IConfiguration configuration) =>
        configuration.GetValue("Speech:MaxReceiveMessageBytes", 16 * 1024 * 1024);
}
