using System.ComponentModel.DataAnnotations;

namespace Rehearse.Interview.Api.Speech;

/// <summary>How the Interview service reaches the Speech service (configuration section <c>Speech</c>).</summary>
public sealed class SpeechClientOptions : IValidatableObject
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Speech";

    /// <summary>Address of the Speech service's native gRPC port.</summary>
    [Required]
    public string Address { get; set; } = "http://127.0.0.1:50051";

    /// <summary>Deadline of short calls (listing voices, a voice preview), and the time a streaming call may take to open.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Deadline of speaking one interviewer utterance.</summary>
    public TimeSpan SynthesisTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Time allowed for recognizing one answer beyond its end (done, end-of-answer silence, time limit): the
    /// recognizer may still be working through audio that arrived faster than real time.
    /// </summary>
    public TimeSpan RecognitionGrace { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Recognition model, e.g. <c>moonshine-base</c> or <c>moonshine-tiny</c>; empty means the Speech service's default.</summary>
    public string RecognitionModel { get; set; } = "";

    /// <summary>
    /// Silence that ends one transcript segment (the Speech service's endpointing <c>min_silence</c>); the whole
    /// answer ends on the longer end-of-answer silence.
    /// </summary>
    public TimeSpan SegmentSilence { get; set; } = TimeSpan.FromMilliseconds(600);

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Uri.TryCreate(Address, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            yield return new ValidationResult($"Speech:Address '{Address}' is not an http:// or https:// address.", [nameof(Address)]);
        }
        foreach (var (name, value) in new[] { (nameof(CallTimeout), CallTimeout), (nameof(SynthesisTimeout), SynthesisTimeout), (nameof(RecognitionGrace), RecognitionGrace) })
        {
            if (value <= TimeSpan.Zero)
            {
                yield return new ValidationResult($"Speech:{name} must be positive.", [name]);
            }
        }
        if (SegmentSilence < TimeSpan.FromMilliseconds(100) || SegmentSilence > TimeSpan.FromSeconds(10))
        {
            yield return new ValidationResult(
                $"Speech:SegmentSilence is {SegmentSilence}; allowed range 00:00:00.1 to 00:00:10.", [nameof(SegmentSilence)]);
        }
    }
}
