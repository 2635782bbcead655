namespace Rehearse.Speech.Audio;

/// <summary>
/// The audio or its declared format is invalid or unsupported. <see cref="Field"/> names the input that is
/// wrong (for example "audio" or "sample_rate") and the message gives the reason and the limit; the service
/// layer reports it to the client as an invalid argument.
/// </summary>
public sealed class AudioFormatException : Exception
{
    /// <summary>Creates the exception for the input <paramref name="field"/>.</summary>
    public AudioFormatException(string field, string message)
        : base(message)
    {
        Field = field;
    }

    /// <summary>The name of the input that is wrong.</summary>
    public string Field { get; }
}
