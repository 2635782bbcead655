using System.ComponentModel.DataAnnotations;

namespace Rehearse.Interview.Api.Hosting;

/// <summary>The web client served by the service (configuration section <c>Web</c>).</summary>
public sealed class WebClientOptions : IValidatableObject
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Web";

    /// <summary>
    /// Directory of the built web client. Empty means <c>clients/web/dist</c> of the repository when it exists
    /// (found by walking up from the content root to <c>Rehearse.slnx</c>), else <c>wwwroot</c>.
    /// </summary>
    public string RootPath { get; set; } = "";

    /// <summary>
    /// Origins other than the service's own that may call the gRPC-Web API from a browser (e.g. a development
    /// server such as <c>http://localhost:5173</c>). Empty allows none.
    /// </summary>
    public string[] AllowedOrigins { get; set; } = [];

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var origin in AllowedOrigins)
        {
            // A CORS origin is scheme, host and port only: anything else never matches a browser's Origin header.
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
                || uri.GetLeftPart(UriPartial.Authority) != origin.TrimEnd('/'))
            {
                yield return new ValidationResult(
                    $"Web:AllowedOrigins: '{origin}' is not an origin (scheme, host and optional port, e.g. http://localhost:5173).",
                    [nameof(AllowedOrigins)]);
            }
        }
    }

    /// <summary>Resolves the directory to serve, or <c>null</c> when there is none.</summary>
    public string? ResolveRootPath(string contentRoot)
    {
        if (!string.IsNullOrWhiteSpace(RootPath))
        {
            return Path.GetFullPath(RootPath, contentRoot);
        }
        for (var directory = new DirectoryInfo(contentRoot); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Rehearse.slnx")))
            {
                var dist = Path.Combine(directory.FullName, "clients", "web", "dist");
                if (Directory.Exists(dist))
                {
                    return dist;
                }
                break;
            }
        }
        var wwwroot = Path.Combine(contentRoot, "wwwroot");
        return Directory.Exists(wwwroot) ? wwwroot : null;
    }
}
