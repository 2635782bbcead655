using System.Globalization;

namespace Rehearse.Speech.Recognition.Engine;

/// <summary>A request the engine refuses: the message names the field and the rule or limit it broke.</summary>
public sealed class RecognitionArgumentException : Exception
{
    /// <summary>Creates the exception for <paramref name="field"/>.</summary>
    public RecognitionArgumentException(string field, string reason)
        : base($"{field}: {reason}")
    {
        Field = field;
    }

    /// <summary>The request field at fault, e.g. <c>config.audio_format.sample_rate_hertz</c>.</summary>
    public string Field { get; }

    /// <summary>
    /// Refuses <paramref name="value"/> when it is longer than <paramref name="maxLength"/> characters, before it is
    /// looked up or quoted in a message.
    /// </summary>
    /// <exception cref="RecognitionArgumentException">The value is too long.</exception>
    public static void ThrowIfTooLong(string? value, int maxLength, string field)
    {
        if (value is not null && value.Length > maxLength)
        {
            throw new RecognitionArgumentException(field, string.Create(CultureInfo.InvariantCulture,
                $"is {value.Length:N0} characters, over the limit of {maxLength}."));
        }
    }
}

/// <summary>A stream went past a configured limit (its maximum audio duration); results before it were delivered.</summary>
public sealed class RecognitionLimitException(string message) : Exception(message);

/// <summary>The engine is serving as many recognitions as it is configured for and refuses another one.</summary>
public sealed class RecognitionCapacityException(string message) : Exception(message);
