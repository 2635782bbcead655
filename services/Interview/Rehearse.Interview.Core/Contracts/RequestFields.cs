using Google.Protobuf.WellKnownTypes;
using Rehearse.Interview.Core.Errors;

namespace Rehearse.Interview.Core.Contracts;

/// <summary>
/// Checks of request fields shared by the API and the session creator. A refusal names the field and the limit and
/// quotes at most <see cref="MaxQuotedCharacters"/> characters of the caller's input, so that a status stays small
/// whatever was sent.
/// </summary>
public static class RequestFields
{
    /// <summary>Longest piece of a caller's input repeated in an error message.</summary>
    public const int MaxQuotedCharacters = 100;

    /// <summary>Longest duration a request may carry, as the protobuf Duration type defines it (about 10,000 years).</summary>
    private const long MaxDurationSeconds = 315_576_000_000;

    /// <summary>The caller's input as an error message may repeat it: cut to <see cref="MaxQuotedCharacters"/> characters.</summary>
    public static string Quote(string value)
    {
        if (value.Length <= MaxQuotedCharacters)
        {
            return value;
        }
        var cut = char.IsHighSurrogate(value[MaxQuotedCharacters - 1]) ? MaxQuotedCharacters - 1 : MaxQuotedCharacters;
        return value[..cut] + "…";
    }

    /// <summary>
    /// Checks a text field: at most <paramref name="maxCharacters"/> characters and no control characters other than
    /// tab, line feed and carriage return (the database cannot store U+0000, and none of them is text a person types).
    /// </summary>
    /// <exception cref="InvalidSessionRequestException">The text is too long or holds a control character.</exception>
    public static string Text(string value, string field, int maxCharacters)
    {
        if (value.Length > maxCharacters)
        {
            throw new InvalidSessionRequestException(field, $"{value.Length} characters is more than the limit of {maxCharacters}.");
        }
        for (var i = 0; i < value.Length; i++)
        {
            if (IsRefusedControl(value[i]))
            {
                throw new InvalidSessionRequestException(field,
                    $"holds the control character U+{(int)value[i]:X4} at position {i}; only tab, line feed and carriage return are allowed.");
            }
        }
        return value;
    }

    /// <summary>Text taken from a file the caller cannot easily edit (a PDF), with the control characters <see cref="Text"/> refuses removed.</summary>
    public static string WithoutControls(string value) =>
        value.Any(IsRefusedControl) ? string.Concat(value.Where(c => !IsRefusedControl(c))) : value;

    /// <summary>A duration field, which must be a valid protobuf Duration (seconds and nanos within range, of one sign).</summary>
    /// <exception cref="InvalidSessionRequestException">The duration is not valid.</exception>
    public static TimeSpan? Duration(Duration? value, string field)
    {
        if (value is null)
        {
            return null;
        }
        var valid = value.Seconds is >= -MaxDurationSeconds and <= MaxDurationSeconds
            && value.Nanos is >= -999_999_999 and <= 999_999_999
            && !(value.Seconds > 0 && value.Nanos < 0) && !(value.Seconds < 0 && value.Nanos > 0);
        return valid
            ? value.ToTimeSpan()
            : throw new InvalidSessionRequestException(field,
                $"{{seconds: {value.Seconds}, nanos: {value.Nanos}}} is not a valid duration (nanos within ±999999999, of the same sign as seconds).");
    }

    /// <summary>An enum field, which must hold one of the values the contract defines.</summary>
    /// <exception cref="InvalidSessionRequestException">The value is not defined.</exception>
    public static T Enum<T>(T value, string field) where T : struct, System.Enum =>
        System.Enum.IsDefined(value)
            ? value
            : throw new InvalidSessionRequestException(field, $"{Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture)} is not one of the defined values.");

    private static bool IsRefusedControl(char c) => char.IsControl(c) && c is not ('\t' or '\n' or '\r');
}
