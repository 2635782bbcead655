namespace Rehearse.Interview.Infrastructure.Entities;

/// <summary>A user, known by the hash of their API key.</summary>
internal sealed class UserEntity
{
    public Guid Id { get; set; }

    /// <summary>Lower-case hex SHA-256 of the API key; the key itself is never stored.</summary>
    public required string KeyHash { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
