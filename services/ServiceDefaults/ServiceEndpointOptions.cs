using System.ComponentModel.DataAnnotations;
using System.Net;

namespace Rehearse.ServiceDefaults;

/// <summary>
/// Where a service listens (configuration section <c>Endpoints</c>). gRPC clients speak cleartext HTTP/2 with prior
/// knowledge, browsers speak HTTP/1.1; Kestrel cannot offer both on one cleartext port, so a service that serves
/// browsers has a second port for them. With <see cref="Tls"/>, both ports speak TLS.
/// </summary>
public sealed class ServiceEndpointOptions : IValidatableObject
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Endpoints";

    /// <summary>Address to bind, e.g. <c>127.0.0.1</c> (default), <c>0.0.0.0</c> or <c>::</c>.</summary>
    [Required(ErrorMessage = "Endpoints:BindAddress is required.")]
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>Port for native gRPC over cleartext HTTP/2. 0 disables it.</summary>
    [Range(0, 65535, ErrorMessage = "Endpoints:GrpcPort must be between 0 and 65535.")]
    public int GrpcPort { get; set; }

    /// <summary>Port for HTTP/1.1: the web page and gRPC-Web. 0 disables it.</summary>
    [Range(0, 65535, ErrorMessage = "Endpoints:HttpPort must be between 0 and 65535.")]
    public int HttpPort { get; set; }

    /// <summary>
    /// Port of the Prometheus scrape endpoint (<c>GET /metrics</c>, HTTP/1.1), served on no other port. 0 (the
    /// default) disables it. It binds <see cref="BindAddress"/> like the others: keep it off public routes.
    /// </summary>
    [Range(0, 65535, ErrorMessage = "Endpoints:MetricsPort must be between 0 and 65535.")]
    public int MetricsPort { get; set; }

    /// <summary>TLS on the ports; off unless a certificate is configured.</summary>
    public ServiceTlsOptions Tls { get; set; } = new();

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var problem in Tls.Validate())
        {
            yield return problem;
        }
        if (!IPAddress.TryParse(BindAddress, out _) && BindAddress != "localhost")
        {
            yield return new ValidationResult(
                $"Endpoints:BindAddress '{BindAddress}' is not an IP address (use 127.0.0.1, 0.0.0.0 or ::).",
                [nameof(BindAddress)]);
        }
        if (GrpcPort == 0 && HttpPort == 0)
        {
            yield return new ValidationResult("Endpoints: set GrpcPort, HttpPort or both.", [nameof(GrpcPort), nameof(HttpPort)]);
        }
        if (MetricsPort != 0 && (MetricsPort == GrpcPort || MetricsPort == HttpPort))
        {
            yield return new ValidationResult(
                $"Endpoints: MetricsPort {MetricsPort} is also the service's GrpcPort or HttpPort; the metrics need a port of their own.",
                [nameof(MetricsPort)]);
        }
        if (GrpcPort != 0 && GrpcPort == HttpPort)
        {
            yield return new ValidationResult(
                $"Endpoints: GrpcPort and HttpPort are both {GrpcPort}; cleartext HTTP/2 and HTTP/1.1 need separate ports.",
                [nameof(GrpcPort), nameof(HttpPort)]);
        }
    }
}
