using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace Rehearse.Interview.Api.Limits;

/// <summary>What a rate limit counts.</summary>
public enum LimitedAction
{
    /// <summary>CreateSession, per API key.</summary>
    SessionCreation,

    /// <summary>PreviewVoice, per API key.</summary>
    VoicePreview,

    /// <summary>A piece of answer audio, per API key.</summary>
    AudioMessage,

    /// <summary>A key's first use, which creates its user, per client address.</summary>
    UserCreation,

    /// <summary>A personal key issued to a signed-in person (<c>POST /account/key</c>), per user.</summary>
    KeyIssue,

    /// <summary>A run or submission of code (RunCode, StreamRunCode, SubmitCode), per API key.</summary>
    CodeRun,
}

/// <summary>A call refused by a rate limit: what to tell the caller, and how long to wait.</summary>
public sealed record RateLimitRefusal(string Message, int RetryAfterSeconds);

/// <summary>
/// The token buckets of <see cref="RateLimitOptions"/>, one per action and caller. A refusal is RESOURCE_EXHAUSTED
/// naming the limit, with the seconds to wait in the message and in the <c>retry-after</c> and
/// <c>grpc-retry-pushback-ms</c> trailers.
/// </summary>
public sealed class CallRateLimits : IDisposable
{
    private readonly RateLimitOptions _options;
    private readonly Dictionary<LimitedAction, PartitionedRateLimiter<string>> _limiters;

    /// <summary>Creates the buckets from the configured rates.</summary>
    public CallRateLimits(IOptions<RateLimitOptions> options)
    {
        _options = options.Value;
        _limiters = Enum.GetValues<LimitedAction>().ToDictionary(action => action, action =>
        {
            var (burst, perMinute) = Rate(action);
            return PartitionedRateLimiter.Create<string, string>(caller => RateLimitPartition.GetTokenBucketLimiter(caller, _ =>
                new TokenBucketRateLimiterOptions
                {
                    TokenLimit = burst,
                    TokensPerPeriod = 1,
                    ReplenishmentPeriod = TimeSpan.FromMinutes(1) / perMinute,
                    QueueLimit = 0,
                    // The partitioned limiter refills every bucket from one timer; idle full buckets are dropped.
                    AutoReplenishment = false,
                }));
        });
    }

    /// <summary>Takes one permit for <paramref name="action"/> by the user <paramref name="userId"/>.</summary>
    /// <exception cref="RpcException">RESOURCE_EXHAUSTED when the key is over the limit.</exception>
    public void Acquire(LimitedAction action, Guid userId) => Acquire(action, userId.ToString("N"), "this API key");

    /// <summary>Takes one permit for <paramref name="action"/> from a client address (null when unknown).</summary>
    /// <exception cref="RpcException">RESOURCE_EXHAUSTED when the address is over the limit.</exception>
    public void Acquire(LimitedAction action, IPAddress? address) =>
        Acquire(action, address?.ToString() ?? "unknown", "this client address");

    /// <summary>
    /// Takes one permit for <paramref name="action"/> by the user <paramref name="userId"/> where no gRPC status can
    /// be the answer (an HTTP endpoint): the refusal, or null when the permit was taken.
    /// </summary>
    public RateLimitRefusal? TryAcquire(LimitedAction action, Guid userId) => TryAcquire(action, userId.ToString("N"), "this user");

    private void Acquire(LimitedAction action, string caller, string callerName)
    {
        if (TryAcquire(action, caller, callerName) is not { } refusal)
        {
            return;
        }
        var trailers = new Metadata
        {
            { "retry-after", refusal.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture) },
            { "grpc-retry-pushback-ms", (refusal.RetryAfterSeconds * 1000).ToString(CultureInfo.InvariantCulture) },
        };
        throw new RpcException(new Status(StatusCode.ResourceExhausted, refusal.Message), trailers);
    }

    private RateLimitRefusal? TryAcquire(LimitedAction action, string caller, string callerName)
    {
        using var lease = _limiters[action].AttemptAcquire(caller);
        if (lease.IsAcquired)
        {
            return null;
        }
        var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        var (burst, perMinute) = Rate(action);
        return new RateLimitRefusal(
            $"Too many {Describe(action)} from {callerName}: the limit is {burst} at once and {perMinute} a minute " +
            $"(RateLimits:{action}Burst, RateLimits:{action}PerMinute); retry in {seconds} s.", seconds);
    }

    private (int Burst, int PerMinute) Rate(LimitedAction action) => action switch
    {
        LimitedAction.SessionCreation => (_options.SessionCreationBurst, _options.SessionCreationPerMinute),
        LimitedAction.VoicePreview => (_options.VoicePreviewBurst, _options.VoicePreviewPerMinute),
        LimitedAction.AudioMessage => (_options.AudioMessageBurst, _options.AudioMessagePerMinute),
        LimitedAction.UserCreation => (_options.UserCreationBurst, _options.UserCreationPerMinute),
        LimitedAction.KeyIssue => (_options.KeyIssueBurst, _options.KeyIssuePerMinute),
        LimitedAction.CodeRun => (_options.CodeRunBurst, _options.CodeRunPerMinute),
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };

    private static string Describe(LimitedAction action) => action switch
    {
        LimitedAction.SessionCreation => "sessions created",
        LimitedAction.VoicePreview => "voice previews",
        LimitedAction.AudioMessage => "audio messages",
        LimitedAction.UserCreation => "new API keys",
        LimitedAction.KeyIssue => "personal keys issued",
        LimitedAction.CodeRun => "code runs",
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var limiter in _limiters.Values)
        {
            limiter.Dispose();
        }
    }
}
