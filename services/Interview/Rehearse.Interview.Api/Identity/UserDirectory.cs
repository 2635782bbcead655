using System.Collections.Concurrent;
using System.Net;
using Grpc.Core;
using Microsoft.Extensions.Options;
using Rehearse.Interview.Api.Limits;
using Rehearse.Interview.Core.Storage;

namespace Rehearse.Interview.Api.Identity;

/// <summary>
/// Maps API keys to users, creating a user on a key's first use unless registered keys are required (which sign-in
/// through an identity provider implies), and issues keys to signed-in users.
/// </summary>
public sealed class UserDirectory(ISessionStore store, IAccountStore accounts, IOptions<IdentityOptions> options, CallRateLimits limits)
{
    private readonly ConcurrentDictionary<string, Guid> _known = new(StringComparer.Ordinal);

    /// <summary>The user id of a key; <paramref name="clientAddress"/> is charged when the key creates its user.</summary>
    /// <exception cref="RpcException">
    /// UNAUTHENTICATED for an unregistered key when registration is required; RESOURCE_EXHAUSTED when the address
    /// has created too many users lately.
    /// </exception>
    public async Task<Guid> ResolveAsync(string key, IPAddress? clientAddress, CancellationToken cancellationToken)
    {
        var hash = ApiKey.Hash(key);
        if (_known.TryGetValue(hash, out var id))
        {
            return id;
        }
        var userId = await store.FindUserAsync(hash, cancellationToken);
        if (userId is null && !options.Value.OnlyRegisteredKeys)
        {
            limits.Acquire(LimitedAction.UserCreation, clientAddress);
            userId = await store.GetOrCreateUserAsync(hash, cancellationToken);
        }
        if (userId is not { } resolved)
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, "The API key is not registered on this server."));
        }
        _known[hash] = resolved;
        return resolved;
    }

    /// <summary>A new API key for the user; the key the user had before stops working at once.</summary>
    public async Task<string> IssueKeyAsync(Guid userId, CancellationToken cancellationToken)
    {
        var key = ApiKey.Create();
        await accounts.ReplaceKeyAsync(userId, ApiKey.Hash(key), cancellationToken);
        Forget(userId);
        return key;
    }

    /// <summary>Forgets the keys of a user whose key was replaced or who was deleted, so they are looked up again.</summary>
    public void Forget(Guid userId)
    {
        foreach (var (hash, id) in _known)
        {
            if (id == userId)
            {
                _known.TryRemove(hash, out _);
            }
        }
    }
}
