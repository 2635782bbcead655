using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Grpc.Core;

namespace Rehearse.Interview.Api.Identity;

/// <summary>
/// An API key as sent in the <c>x-api-key</c> header or as <c>authorization: Bearer &lt;key&gt;</c>: 16 to 128
/// URL-safe characters (letters, digits, '-' and '_'). Only its SHA-256 hash is stored.
/// </summary>
public static class ApiKey
{
    /// <summary>The metadata header that carries a key.</summary>
    public const string HeaderName = "x-api-key";

    /// <summary>Shortest key accepted.</summary>
    public const int MinLength = 16;

    /// <summary>Longest key accepted.</summary>
    public const int MaxLength = 128;

    /// <summary>Finds the key in a call's metadata.</summary>
    /// <exception cref="RpcException">UNAUTHENTICATED when there is no key or it is malformed.</exception>
    public static string FromHeaders(Metadata headers)
    {
        var key = headers.GetValue(HeaderName);
        if (key is null && headers.GetValue("authorization") is { } authorization &&
            authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            key = authorization["Bearer ".Length..].Trim();
        }
        if (string.IsNullOrEmpty(key))
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated,
                $"No API key: send it in the '{HeaderName}' metadata header or as 'authorization: Bearer <key>'."));
        }
        if (!IsWellFormed(key))
        {
            // The key itself is never repeated: the caller knows it, and a status message travels through logs.
            throw new RpcException(new Status(StatusCode.Unauthenticated, string.Create(CultureInfo.InvariantCulture,
                $"The API key ('{HeaderName}' or 'authorization: Bearer') must be {MinLength} to {MaxLength} characters of letters, digits, '-' and '_'; this one has {key.Length} characters.")));
        }
        return key;
    }

    /// <summary>Whether a key has the accepted length and alphabet.</summary>
    public static bool IsWellFormed(string key) =>
        key.Length is >= MinLength and <= MaxLength && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>A new random key: 32 URL-safe characters (192 bits), like the ones the web page and the console make.</summary>
    public static string Create() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');

    /// <summary>The stored form of a key: lower-case hex SHA-256.</summary>
    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
