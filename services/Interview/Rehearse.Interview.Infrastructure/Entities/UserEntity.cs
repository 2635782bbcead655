namespace Rehearse.Interview.Infrastructure.Entities;

/// <summary>A user, known by the hash of their API key, or by a sign-in (<see cref="SignInEntity"/>).</summary>
internal sealed class UserEntity
{
    public Guid Id { get; set; }

    /// <summary>
    /// Lower-case hex SHA-256 of the API key; the key itself is never stored. Null for a signed-in user who has not
    /// asked for a key.
    /// </summary>
    public string? KeyHash { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
