extern alias speech;

using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;
using Rehearse.Interview.V1;
using Rehearse.Speech.V1;
using Rehearse.Testing;

namespace Rehearse.Interview.Benchmarks;

/// <summary>The Speech service in process with the real models and its deployed settings.</summary>
internal sealed class SpeechServiceHost : WebApplicationFactory<speech::Program>
{
    public SpeechService.SpeechServiceClient Client() => new(GrpcChannel.ForAddress(Server.BaseAddress, new GrpcChannelOptions
    {
        HttpHandler = Server.CreateHandler(),
        MaxReceiveMessageSize = null,
    }));

    /// <summary>
    /// A service's project directory, its content root (appsettings.json) as in the functional tests; the factory
    /// finds it only when run from the output directory, and <c>dotnet run</c> runs from the repository.
    /// </summary>
    public static string ProjectDirectory(string service, string project) => Path.Combine(TestPaths.RepositoryRoot, "services", service, project);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseContentRoot(ProjectDirectory("Speech", "Rehearse.Speech.Api"));
        builder.UseSetting("Speech:ModelsDirectory", TestPaths.ModelsDirectory);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
    }
}

/// <summary>
/// The Interview service in process with its deployed settings (waiting for playback included), on its own
/// database, whose Speech client reaches the in-process Speech service.
/// </summary>
internal sealed class InterviewServiceHost(SpeechServiceHost speech, IReadOnlyDictionary<string, string?> settings)
    : WebApplicationFactory<Program>
{
    /// <summary>A native gRPC client for the user of <paramref name="apiKey"/>.</summary>
    public InterviewService.InterviewServiceClient Client(string apiKey)
    {
        var channel = GrpcChannel.ForAddress(Server.BaseAddress, new GrpcChannelOptions
        {
            HttpHandler = Server.CreateHandler(),
            MaxReceiveMessageSize = null,
        });
        return ClientFor(channel, apiKey);
    }

    /// <summary>A client of the Interview service on <paramref name="channel"/> whose calls carry <paramref name="apiKey"/>.</summary>
    public static InterviewService.InterviewServiceClient ClientFor(GrpcChannel channel, string apiKey) =>
        new(ServiceProcesses.WithApiKey(channel.CreateCallInvoker(), apiKey));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseContentRoot(SpeechServiceHost.ProjectDirectory("Interview", "Rehearse.Interview.Api"));
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        // Migrating a new database first probes its missing history table, which EF Core logs as a failed command.
        builder.UseSetting("Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command", "Critical");
        // A cluster of one silo on loopback, on a port of its own.
        builder.UseSetting("Orleans:SiloPort", Rehearse.Testing.LoopbackPorts.Free().ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Orleans:AdvertisedAddress", "127.0.0.1");
        builder.UseSetting("Orleans:ListenAddress", "127.0.0.1");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureTestServices(services =>
            services.AddSingleton<IConfigureOptions<HttpClientFactoryOptions>>(new SpeechClientRouting(speech)));
    }

    private sealed class SpeechClientRouting(SpeechServiceHost speech) : IConfigureNamedOptions<HttpClientFactoryOptions>
    {
        public void Configure(string? name, HttpClientFactoryOptions options)
        {
            if (name?.Contains("SpeechServiceClient", StringComparison.Ordinal) == true)
            {
                options.HttpMessageHandlerBuilderActions.Add(b => b.PrimaryHandler = speech.Server.CreateHandler());
            }
        }

        public void Configure(HttpClientFactoryOptions options) => Configure(Options.DefaultName, options);
    }
}
