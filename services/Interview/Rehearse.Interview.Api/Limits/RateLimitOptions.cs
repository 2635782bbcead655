using System.ComponentModel.DataAnnotations;

namespace Rehearse.Interview.Api.Limits;

/// <summary>
/// Call rates and quotas (configuration section <c>RateLimits</c>). Each rate is a token bucket: a burst of
/// <c>*Burst</c> calls at once, refilled at <c>*PerMinute</c>. Creation of sessions, voice previews, answer audio and
/// code runs are counted per API key, personal keys per signed-in person; creation of users (a key seen for the first time) per client address.
/// </summary>
public sealed class RateLimitOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "RateLimits";

    private const int MaxRate = 1_000_000;

    /// <summary>Sessions a key may create at once.</summary>
    [Range(1, MaxRate)]
    public int SessionCreationBurst { get; set; } = 20;

    /// <summary>Sessions a key may create per minute, sustained.</summary>
    [Range(1, MaxRate)]
    public int SessionCreationPerMinute { get; set; } = 20;

    /// <summary>Voice previews a key may ask for at once.</summary>
    [Range(1, MaxRate)]
    public int VoicePreviewBurst { get; set; } = 20;

    /// <summary>Voice previews a key may ask for per minute, sustained.</summary>
    [Range(1, MaxRate)]
    public int VoicePreviewPerMinute { get; set; } = 60;

    /// <summary>Answer audio messages (<c>SendAudio</c> calls and <c>Converse</c> audio) a key may send at once.</summary>
    [Range(1, MaxRate)]
    public int AudioMessageBurst { get; set; } = 200;

    /// <summary>Answer audio messages a key may send per minute, sustained (a microphone sends 600 chunks of 100 ms).</summary>
    [Range(1, MaxRate)]
    public int AudioMessagePerMinute { get; set; } = 1200;

    /// <summary>Users (first uses of a key) one client address may create at once.</summary>
    [Range(1, MaxRate)]
    public int UserCreationBurst { get; set; } = 60;

    /// <summary>Users one client address may create per minute, sustained.</summary>
    [Range(1, MaxRate)]
    public int UserCreationPerMinute { get; set; } = 30;

    /// <summary>Personal keys (<c>POST /account/key</c>) a signed-in person may have issued at once.</summary>
    [Range(1, MaxRate)]
    public int KeyIssueBurst { get; set; } = 5;

    /// <summary>Personal keys a signed-in person may have issued per minute, sustained.</summary>
    [Range(1, MaxRate)]
    public int KeyIssuePerMinute { get; set; } = 2;

    /// <summary>Code runs and submissions a key may make at once (each holds one of the code runner's sandboxes).</summary>
    [Range(1, MaxRate)]
    public int CodeRunBurst { get; set; } = 10;

    /// <summary>Code runs and submissions a key may make per minute, sustained.</summary>
    [Range(1, MaxRate)]
    public int CodeRunPerMinute { get; set; } = 20;

    /// <summary>Sessions one user may keep stored; creating more needs old ones deleted first.</summary>
    [Range(1, 10_000_000)]
    public int MaxSessionsPerUser { get; set; } = 500;
}
