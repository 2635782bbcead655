using System.ComponentModel.DataAnnotations;

namespace Rehearse.Interview.Api.Coding;

/// <summary>How the Interview service reaches the code runner (configuration section <c>CodeRunner</c>).</summary>
public sealed class CodeRunnerClientOptions : IValidatableObject
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "CodeRunner";

    /// <summary>
    /// Address of the code runner's gRPC port, e.g. <c>http://127.0.0.1:50061</c>. Empty: this server has no code
    /// runner, and sessions cannot have coding questions.
    /// </summary>
    public string Address { get; set; } = "";

    /// <summary>Deadline of the catalogue calls (listing problems, getting one).</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Deadline of one run beyond the runner's own wall-clock limit for it (the problem's, at most 30 s): sandbox
    /// start-up and judging.
    /// </summary>
    public TimeSpan RunGrace { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>True when a code runner is configured.</summary>
    public bool Configured => !string.IsNullOrWhiteSpace(Address);

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Configured && (!Uri.TryCreate(Address, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
        {
            yield return new ValidationResult($"CodeRunner:Address '{Address}' is not an http:// or https:// address (or empty for no code runner).", [nameof(Address)]);
        }
        foreach (var (name, value) in new[] { (nameof(CallTimeout), CallTimeout), (nameof(RunGrace), RunGrace) })
        {
            if (value <= TimeSpan.Zero || value > TimeSpan.FromMinutes(10))
            {
                yield return new ValidationResult($"CodeRunner:{name} is {value}; allowed range above 00:00:00 to 00:10:00.", [name]);
            }
        }
    }
}
