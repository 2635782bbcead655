using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Rehearse.ServiceDefaults.Telemetry;

namespace Rehearse.ServiceDefaults;

/// <summary>Registration of what every Rehearse service has: telemetry, health checks, reflection, endpoints.</summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>
    /// The most request header bytes Kestrel takes, in all and in one HTTP/2 header field (its defaults are 32 KiB and
    /// 16 KiB). Set so that a malformed header up to this size (an API key pasted with the wrong file, say) reaches
    /// the service, which answers with a status naming it; a request with more is refused by Kestrel before any
    /// service code runs, and a .NET client refuses to send it (it learns the limit from the server's HTTP/2 settings).
    /// </summary>
    public const int MaxRequestHeaderBytes = 64 * 1024;

    /// <summary>
    /// Adds OpenTelemetry (exported over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, scraped by Prometheus on
    /// <see cref="ServiceEndpointOptions.MetricsPort"/> when it is set), gRPC with status
    /// messages bounded by <see cref="StatusDetailLimitInterceptor"/>, the gRPC health service, gRPC server
    /// reflection and validated listen endpoints.
    /// </summary>
    public static WebApplicationBuilder AddServiceDefaults(this WebApplicationBuilder builder)
    {
        builder.Logging.AddSimpleConsole(options =>
        {
            options.SingleLine = true;
            options.TimestampFormat = "HH:mm:ss.fff ";
        });
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });
        var metricsPort = builder.Configuration.GetValue<int>($"{ServiceEndpointOptions.SectionName}:{nameof(ServiceEndpointOptions.MetricsPort)}");
        var telemetry = builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddRuntimeInstrumentation().AddMeter("Rehearse.*");
                if (metricsPort != 0)
                {
                    metrics.AddPrometheusExporter();
                }
            })
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddGrpcClientInstrumentation()
                .AddSource("Rehearse.*"));
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.UseOtlpExporter();
        }

        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), ["live"]);
        // Outermost, so it also bounds the statuses that services' own interceptors produce; then a cancelled call's
        // failure is given the cancellation's status whatever a service's own interceptors made of it.
        builder.Services.AddSingleton<RefusalCountingInterceptor>();
        builder.Services.AddGrpc(options =>
        {
            options.Interceptors.Add<StatusDetailLimitInterceptor>();
            // Outside the cancellation's and services' own interceptors, so it counts the status the client gets.
            options.Interceptors.Add<RefusalCountingInterceptor>();
            options.Interceptors.Add<CancelledCallInterceptor>();
        });
        builder.Services.AddGrpcHealthChecks();
        builder.Services.AddGrpcReflection();

        builder.Services.AddOptions<ServiceEndpointOptions>()
            .Bind(builder.Configuration.GetSection(ServiceEndpointOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IConfigureOptions<KestrelServerOptions>, KestrelEndpointSetup>();
        return builder;
    }

    /// <summary>The path of the Prometheus scrape endpoint on <see cref="ServiceEndpointOptions.MetricsPort"/>.</summary>
    public const string MetricsPath = "/metrics";

    /// <summary>
    /// Adds the middleware every service runs before its endpoints: the Prometheus scrape endpoint
    /// (<see cref="MetricsPath"/>, only on <see cref="ServiceEndpointOptions.MetricsPort"/> when it is set); a gRPC request body whose read fails because the
    /// call was cancelled reports the cancellation's status, and a call that ends before the client finished sending
    /// lets the client end its side of the stream (<see cref="GrpcRequestBodyMiddleware"/>).
    /// </summary>
    public static WebApplication UseServiceDefaults(this WebApplication app)
    {
        var metricsPort = app.Services.GetRequiredService<IOptions<ServiceEndpointOptions>>().Value.MetricsPort;
        if (metricsPort != 0)
        {
            // First, ahead of sign-in and the web page, and only for connections to the metrics port: the other ports
            // may face the public (the Interview service's web page), and the figures tell how busy the service is and
            // which calls fail. The port the connection came in on is checked, not the Host header, which the caller writes.
            app.UseOpenTelemetryPrometheusScrapingEndpoint(
                meterProvider: null,
                predicate: context => context.Connection.LocalPort == metricsPort && context.Request.Path == MetricsPath,
                path: null,
                configureBranchedPipeline: null,
                optionsName: null);
        }
        app.UseMiddleware<GrpcRequestBodyMiddleware>();
        return app;
    }

    /// <summary>Maps the gRPC health service (<c>grpc.health.v1</c>), reflection and <c>/healthz</c>.</summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        app.MapHealthChecks("/healthz");
        return app;
    }

    /// <summary>Binds Kestrel to the configured ports unless URLs were given explicitly (ASPNETCORE_URLS / --urls).</summary>
    private sealed class KestrelEndpointSetup(IOptions<ServiceEndpointOptions> endpoints, IConfiguration configuration)
        : IConfigureOptions<KestrelServerOptions>
    {
        public void Configure(KestrelServerOptions options)
        {
            options.Limits.MaxRequestHeadersTotalSize = MaxRequestHeaderBytes;
            options.Limits.Http2.MaxRequestHeaderFieldSize = MaxRequestHeaderBytes;
            if (!string.IsNullOrEmpty(configuration[WebHostDefaults.ServerUrlsKey]))
            {
                return;
            }
            var settings = endpoints.Value;
            var address = settings.BindAddress == "localhost" ? IPAddress.Loopback : IPAddress.Parse(settings.BindAddress);
            var tls = settings.Tls;
            var certificate = tls.Enabled ? tls.LoadCertificate() : null;
            var clientAuthority = tls.RequiresClientCertificate ? tls.LoadClientCertificateAuthority() : null;
            if (settings.GrpcPort != 0)
            {
                options.Listen(address, settings.GrpcPort, listen =>
                {
                    listen.Protocols = HttpProtocols.Http2;
                    UseTls(listen, certificate, clientAuthority);
                });
            }
            if (settings.MetricsPort != 0)
            {
                options.Listen(address, settings.MetricsPort, listen =>
                {
                    listen.Protocols = HttpProtocols.Http1;
                    UseTls(listen, certificate, clientAuthority);
                });
            }
            if (settings.HttpPort != 0)
            {
                options.Listen(address, settings.HttpPort, listen =>
                {
                    // Over TLS, ALPN lets browsers pick HTTP/2 on the same port.
                    listen.Protocols = certificate is null ? HttpProtocols.Http1 : HttpProtocols.Http1AndHttp2;
                    UseTls(listen, certificate, clientAuthority);
                });
            }
        }

        private static void UseTls(ListenOptions listen, X509Certificate2? certificate, X509Certificate2Collection? clientAuthority)
        {
            if (certificate is null)
            {
                return;
            }
            listen.UseHttps(https =>
            {
                https.ServerCertificate = certificate;
                if (clientAuthority is not null)
                {
                    https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
                    // Only the configured authority counts, not the machine's trusted roots.
                    https.ClientCertificateValidation = (client, _, _) => ServiceTlsOptions.IsIssuedBy(client, clientAuthority);
                }
            });
        }
    }
}
