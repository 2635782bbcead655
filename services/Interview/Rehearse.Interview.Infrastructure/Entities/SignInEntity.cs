namespace Rehearse.Interview.Infrastructure.Entities;

/// <summary>The identity provider account (issuer and subject) a user signs in with.</summary>
internal sealed class SignInEntity
{
    /// <summary>The provider's issuer URL, as in the id_token's <c>iss</c>.</summary>
    public required string Issuer { get; set; }

    /// <summary>The person's stable id at that provider, the id_token's <c>sub</c>.</summary>
    public required string Subject { get; set; }

    public Guid UserId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
