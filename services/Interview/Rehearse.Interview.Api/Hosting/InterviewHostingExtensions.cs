using Grpc.AspNetCore.Web;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Rehearse.Coding.V1;
using Rehearse.Interview.Api.Coding;
using Rehearse.Interview.Api.Grpc;
using Rehearse.Interview.Api.Identity;
using Rehearse.Interview.Api.Limits;
using Rehearse.Interview.Api.Speech;
using Rehearse.Interview.Core.Coding;
using Rehearse.Interview.Core.Sessions;
using Rehearse.Interview.Core.Speech;
using Rehearse.Interview.Core.Telemetry;
using Rehearse.Interview.Infrastructure;
using Rehearse.Interview.Interviewers;
using Rehearse.Interview.Interviewers.QuestionBanks;
using Rehearse.Speech.V1;

namespace Rehearse.Interview.Api.Hosting;

/// <summary>Registration of the Interview service's parts.</summary>
public static class InterviewHostingExtensions
{
    private const string WebCorsPolicy = "web-client";

    /// <summary>Adds gRPC and gRPC-Web, identity, the store, the Speech client, the interviewers and the sessions.</summary>
    public static WebApplicationBuilder AddInterviewService(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;

        services.AddOptions<InterviewOptions>().Bind(configuration.GetSection(InterviewOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<WebClientOptions>().Bind(configuration.GetSection(WebClientOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<IdentityOptions>().Bind(configuration.GetSection(IdentityOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection(RateLimitOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SpeechClientOptions>().Bind(configuration.GetSection(SpeechClientOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<CodeRunnerClientOptions>().Bind(configuration.GetSection(CodeRunnerClientOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();

        services.AddGrpc(options =>
        {
            options.EnableDetailedErrors = false;
            options.MaxSendMessageSize = null;
        }).AddServiceOptions<InterviewGrpcService>(options =>
        {
            // Outermost, so that a database lost while the caller's key is looked up is UNAVAILABLE too.
            options.Interceptors.Add<SessionErrorInterceptor>();
            options.Interceptors.Add<ApiKeyInterceptor>();
            options.Interceptors.Add<RateLimitInterceptor>();
        });
        // Per-field limits are checked with a clear INVALID_ARGUMENT; this is only the transport ceiling.
        services.AddOptions<global::Grpc.AspNetCore.Server.GrpcServiceOptions>()
            .Configure<IOptions<InterviewOptions>>((grpc, interview) => grpc.MaxReceiveMessageSize = interview.Value.MaxReceiveMessageBytes);
        services.AddCors(cors => cors.AddPolicy(WebCorsPolicy, policy =>
        {
            var origins = configuration.GetSection(WebClientOptions.SectionName).Get<WebClientOptions>()?.AllowedOrigins ?? [];
            policy.WithOrigins(origins)
                .AllowAnyMethod()
                .AllowAnyHeader()
                .WithExposedHeaders("Grpc-Status", "Grpc-Message", "Grpc-Encoding", "Grpc-Accept-Encoding");
        }));

        builder.AddInterviewSignIn();
        // The silo first: hosted services start in this order, and the silo's start overlaps the migrations.
        builder.AddInterviewSilo();
        builder.AddInterviewStore();
        services.AddSingleton<UserDirectory>();
        services.AddSingleton<ApiKeyInterceptor>();
        services.AddSingleton<CallRateLimits>();
        services.AddSingleton<RateLimitInterceptor>();
        services.AddSingleton<SessionErrorInterceptor>();

        services.AddGrpcClient<SpeechService.SpeechServiceClient>((provider, client) =>
            client.Address = new Uri(provider.GetRequiredService<IOptions<SpeechClientOptions>>().Value.Address))
            .ConfigurePrimaryHttpMessageHandler(provider => SpeechConnection.CreateHandler(provider.GetRequiredService<IOptions<SpeechClientOptions>>().Value))
            .ConfigureChannel((provider, channel) =>
            {
                var speech = provider.GetRequiredService<IOptions<SpeechClientOptions>>().Value;
                channel.MaxReceiveMessageSize = null;
                channel.MaxSendMessageSize = null;
                // The key is the Speech service's own check; over http:// it rides a network the operator trusts.
                channel.UnsafeUseInsecureChannelCallCredentials = true;
                channel.ServiceConfig = SpeechConnection.CreateServiceConfig(speech);
                if (speech.IsBalanced)
                {
                    // A dns:/// address says nothing of TLS: balanced Speech traffic is cleartext HTTP/2.
                    channel.Credentials = global::Grpc.Core.ChannelCredentials.Insecure;
                }
            })
            .AddCallCredentials((_, metadata, provider) =>
            {
                var key = provider.GetRequiredService<IOptions<SpeechClientOptions>>().Value.ApiKey;
                if (key.Length > 0)
                {
                    metadata.Add("x-api-key", key);
                }
                return Task.CompletedTask;
            });
        services.AddGrpcClient<CodeRunnerService.CodeRunnerServiceClient>((provider, client) =>
        {
            // Without an address the client is never called: the gateway says the server has no code runner.
            var runner = provider.GetRequiredService<IOptions<CodeRunnerClientOptions>>().Value;
            client.Address = new Uri(runner.Configured ? runner.Address : "http://127.0.0.1");
        });
        services.AddSingleton<CodeRunnerGateway>();
        services.AddSingleton<ICodeRunnerPort>(provider => provider.GetRequiredService<CodeRunnerGateway>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<global::Grpc.Net.Client.Balancer.ResolverFactory, global::Grpc.Net.Client.Balancer.DnsResolverFactory>(_ => SpeechConnection.CreateDnsResolver()));
        services.AddSingleton(SpeechConnection.CreateInstanceListResolver());
        services.AddSingleton<SpeechGateway>();
        services.AddSingleton<VoicePreviewCache>();
        services.AddSingleton<ISpeechPort>(provider => provider.GetRequiredService<SpeechGateway>());
        services.AddSingleton(TimeProvider.System);

        services.AddInterviewers(configuration);
        services.AddSingleton<IDocumentTextExtractor, InterviewerDocumentText>();
        services.AddSingleton<IReportDocumentRenderer, InterviewerReportDocuments>();
        services.AddSingleton<InterviewTelemetry>();
        services.AddSingleton<SessionDependencies>();
        services.AddSingleton<LoadedSessions>();
        services.AddSingleton<SessionCreator>();
        services.AddSingleton<SessionExports>();
        return builder;
    }

    /// <summary>
    /// Adds the security headers (<see cref="SecurityHeaders"/>), requires sign-in when configured, serves the web
    /// client's files (index.html for unknown paths) and enables gRPC-Web and CORS.
    /// </summary>
    public static WebApplication UseInterviewWebClient(this WebApplication app)
    {
        app.UseSecurityHeaders();
        app.UseInterviewSignIn();
        var root = app.Services.GetRequiredService<IOptions<WebClientOptions>>().Value.ResolveRootPath(app.Environment.ContentRootPath);
        if (root is not null && Directory.Exists(root))
        {
            var files = new PhysicalFileProvider(root);
            app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
            app.UseStaticFiles(new StaticFileOptions { FileProvider = files });
            app.MapFallbackToFile("index.html", new StaticFileOptions { FileProvider = files });
        }
        app.UseCors();
        app.UseGrpcWeb(new GrpcWebOptions { DefaultEnabled = true });
        return app;
    }

    /// <summary>Maps the Interview gRPC service.</summary>
    public static WebApplication MapInterviewService(this WebApplication app)
    {
        app.MapGrpcService<InterviewGrpcService>().RequireCors(WebCorsPolicy);
        app.MapAccountEndpoints();
        return app;
    }
}
