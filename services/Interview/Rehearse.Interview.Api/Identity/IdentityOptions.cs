namespace Rehearse.Interview.Api.Identity;

/// <summary>How callers are identified (configuration section <c>Identity</c>).</summary>
public sealed class IdentityOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Identity";

    /// <summary>
    /// Accept only API keys already registered in the database. Off (the default), any well-formed key creates
    /// its user on first use, which is how the web page works without sign-up: it generates a key per browser.
    /// </summary>
    public bool RequireRegisteredKeys { get; set; }
}
