using System.ComponentModel.DataAnnotations;
using System.Net;

namespace Rehearse.Interview.Api.Hosting;

/// <summary>
/// How this Interview process joins the cluster of Interview silos (configuration section <c>Orleans</c>). The silos
/// find each other through the membership tables in the service's own PostgreSQL database.
/// </summary>
public sealed class SiloOptions : IValidatableObject
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Orleans";

    /// <summary>The cluster this silo joins: silos with the same id (and database) share the sessions.</summary>
    [Required, RegularExpression("^[A-Za-z0-9._-]{1,150}$", ErrorMessage = "Orleans:ClusterId must be 1 to 150 letters, digits, '.', '_' or '-'.")]
    public string ClusterId { get; set; } = "rehearse";

    /// <summary>The service's id, stable across deployments of the cluster.</summary>
    [Required, RegularExpression("^[A-Za-z0-9._-]{1,150}$", ErrorMessage = "Orleans:ServiceId must be 1 to 150 letters, digits, '.', '_' or '-'.")]
    public string ServiceId { get; set; } = "rehearse-interview";

    /// <summary>The port silos call each other on.</summary>
    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    /// <summary>
    /// The port of the Orleans gateway, for Orleans clients outside the cluster; 0 (the default) opens none: the
    /// Interview service's own callers come in over gRPC.
    /// </summary>
    [Range(0, 65535)]
    public int GatewayPort { get; set; }

    /// <summary>
    /// The IP address other silos reach this one at (in Kubernetes, the pod's IP). Empty means the first
    /// non-loopback address of the host.
    /// </summary>
    public string AdvertisedAddress { get; set; } = "";

    /// <summary>The address the silo port listens on; empty listens on every interface.</summary>
    public string ListenAddress { get; set; } = "";

    /// <summary>
    /// How long a silo waits for another's answer to a liveness probe (sent once per this period). A silo that
    /// misses <see cref="MissedProbesLimit"/> probes in a row is declared dead, so a silo killed outright (no
    /// shutdown) is out of the cluster, and its sessions free to start elsewhere, after about their product.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:00", ErrorMessage = "Orleans:ProbeTimeout must be between 00:00:01 and 00:01:00.")]
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Probes in a row a silo may miss before the silo probing it votes it dead.</summary>
    [Range(1, 10, ErrorMessage = "Orleans:MissedProbesLimit must be between 1 and 10.")]
    public int MissedProbesLimit { get; set; } = 3;

    /// <summary>
    /// Longest wait for a call to a session in another silo. It must outlast the longest call a session answers:
    /// ending an interview waits for its report (<c>Interview:InterviewerTimeout</c>, 1.5 min) and a code run for
    /// the runner (30 s plus <c>CodeRunner:RunGrace</c>). Calls to a silo declared dead fail at once, whatever it is.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:10", "00:10:00", ErrorMessage = "Orleans:ResponseTimeout must be between 00:00:10 and 00:10:00.")]
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (AdvertisedAddress.Length > 0 && !IPAddress.TryParse(AdvertisedAddress, out _))
        {
            yield return new ValidationResult($"Orleans:AdvertisedAddress '{AdvertisedAddress}' is not an IP address.", [nameof(AdvertisedAddress)]);
        }
        if (ListenAddress.Length > 0 && !IPAddress.TryParse(ListenAddress, out _))
        {
            yield return new ValidationResult($"Orleans:ListenAddress '{ListenAddress}' is not an IP address.", [nameof(ListenAddress)]);
        }
        if (GatewayPort == SiloPort)
        {
            yield return new ValidationResult("Orleans:GatewayPort must differ from Orleans:SiloPort.", [nameof(GatewayPort)]);
        }
    }
}
