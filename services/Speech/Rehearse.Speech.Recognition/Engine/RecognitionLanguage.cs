using System.Text.RegularExpressions;

namespace Rehearse.Speech.Recognition.Engine;

/// <summary>Validates the language of a request. The models are English-only.</summary>
public static partial class RecognitionLanguage
{
    /// <summary>The language assumed when a request leaves it empty.</summary>
    public const string Default = "en-US";

    /// <summary>Longest language tag accepted (the length RFC 5646 asks every implementation to support).</summary>
    public const int MaxLength = 35;

    /// <summary>
    /// The request's language tag if it is English ("en", or "en-" followed by a region such as "US" or "GB";
    /// case-insensitive), <see cref="Default"/> when empty.
    /// </summary>
    /// <exception cref="RecognitionArgumentException">Another language, or not a language tag.</exception>
    public static string Validate(string? languageCode, string field = "config.language_code")
    {
        if (string.IsNullOrWhiteSpace(languageCode))
        {
            return Default;
        }
        RecognitionArgumentException.ThrowIfTooLong(languageCode, MaxLength, field);
        if (!LanguageTag().IsMatch(languageCode))
        {
            throw new RecognitionArgumentException(field, $"'{languageCode}' is not a BCP-47 language tag such as \"en-US\".");
        }
        if (!EnglishTag().IsMatch(languageCode))
        {
            throw new RecognitionArgumentException(field, $"language '{languageCode}' is not supported; only English (\"en\", \"en-US\", \"en-GB\", ...) is.");
        }
        return languageCode;
    }

    [GeneratedRegex("^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$")]
    private static partial Regex LanguageTag();

    [GeneratedRegex("^en([-_][A-Za-z0-9]{2,8})*$", RegexOptions.IgnoreCase)]
    private static partial Regex EnglishTag();
}
