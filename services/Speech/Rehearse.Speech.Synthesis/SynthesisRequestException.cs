namespace Rehearse.Speech.Synthesis;

/// <summary>
/// A synthesis request that cannot be served as asked: the message names the field and the limit it broke.
/// Hosts report it as a client error (gRPC <c>INVALID_ARGUMENT</c>).
/// </summary>
public sealed class SynthesisRequestException : Exception
{
    /// <summary>Creates the exception for <paramref name="field"/>.</summary>
    /// <param name="field">The request field at fault, e.g. <c>text</c>, <c>voice</c>, <c>speaking_rate</c>.</param>
    /// <param name="message">What is wrong with it, naming the limit where there is one.</param>
    public SynthesisRequestException(string field, string message)
        : base($"{field}: {message}")
    {
        Field = field;
        Reason = message;
    }

    /// <summary>The request field at fault.</summary>
    public string Field { get; }

    /// <summary>The reason without the field name.</summary>
    public string Reason { get; }
}
