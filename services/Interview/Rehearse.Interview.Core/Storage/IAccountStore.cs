namespace Rehearse.Interview.Core.Storage;

/// <summary>
/// Users who sign in through an identity provider: the provider's (issuer, subject) pair names one user, who may
/// also hold one API key for the command line. A store that cannot be reached throws
/// <see cref="StoreUnavailableException"/>.
/// </summary>
public interface IAccountStore
{
    /// <summary>The user signed in as <paramref name="subject"/> at <paramref name="issuer"/>, created on first sign-in.</summary>
    Task<Guid> GetOrCreateSignedInUserAsync(string issuer, string subject, CancellationToken cancellationToken);

    /// <summary>Gives the user a new API key (by its hash); the key the user had before stops working.</summary>
    Task ReplaceKeyAsync(Guid userId, string keyHash, CancellationToken cancellationToken);
}
