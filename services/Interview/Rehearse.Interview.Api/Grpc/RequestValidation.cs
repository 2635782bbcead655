using Rehearse.Interview.Core.Contracts;
using Rehearse.Interview.Core.Errors;
using Rehearse.Interview.Core.Sessions;
using Rehearse.Interview.Core.Speech;
using Rehearse.Interview.V1;

namespace Rehearse.Interview.Api.Grpc;

/// <summary>Checks of request fields; each failure is INVALID_ARGUMENT naming the field and the limit.</summary>
internal static class RequestValidation
{
    private static readonly int[] OutputRates = [16_000, 22_050, 24_000, 44_100, 48_000];

    /// <summary>Longest session id: a UUID in any of the forms .NET parses is at most 68 characters.</summary>
    private const int MaxSessionIdCharacters = 68;

    /// <summary>Longest page token; the tokens this service hands out are far shorter.</summary>
    public const int MaxPageTokenCharacters = 100;

    /// <summary>An invalid field, reported like the engine's own (INVALID_ARGUMENT through <see cref="SessionErrorInterceptor"/>).</summary>
    public static InvalidSessionRequestException Invalid(string field, string message) => new(field, message);

    public static Guid SessionId(string value, string field = "session_id")
    {
        if (string.IsNullOrEmpty(value))
        {
            throw Invalid(field, "required.");
        }
        if (value.Length > MaxSessionIdCharacters)
        {
            throw Invalid(field, $"{value.Length} characters is more than the limit of {MaxSessionIdCharacters}.");
        }
        // An id that cannot exist is reported like any unknown id, so ids cannot be probed.
        return Guid.TryParse(value, out var id) ? id : throw new SessionNotFoundException(Guid.Empty);
    }

    public static CandidateAudioFormat InputFormat(AudioFormat? format, string field)
    {
        var rate = format?.SampleRateHertz ?? 0;
        if (rate == 0)
        {
            rate = 16_000;
        }
        if (rate is < 8_000 or > 48_000)
        {
            throw Invalid($"{field}.sample_rate_hertz", $"{rate} is outside 8000 to 48000.");
        }
        var encoding = format?.Encoding ?? AudioEncoding.Unspecified;
        if (encoding is not (AudioEncoding.Unspecified or AudioEncoding.Linear16 or AudioEncoding.Float32))
        {
            throw Invalid($"{field}.encoding", $"{encoding} is not supported (LINEAR16 or FLOAT32).");
        }
        return new CandidateAudioFormat(rate, encoding == AudioEncoding.Float32);
    }

    public static AudioFormat? OutputFormat(AudioFormat? format, string field)
    {
        if (format is null)
        {
            return null;
        }
        var rate = format.SampleRateHertz == 0 ? 24_000 : format.SampleRateHertz;
        if (!OutputRates.Contains(rate))
        {
            throw Invalid($"{field}.sample_rate_hertz", $"{rate} is not one of {string.Join(", ", OutputRates)}.");
        }
        if (format.Encoding is not (AudioEncoding.Unspecified or AudioEncoding.Linear16 or AudioEncoding.Float32))
        {
            throw Invalid($"{field}.encoding", $"{format.Encoding} is not supported (LINEAR16 or FLOAT32).");
        }
        return new AudioFormat
        {
            SampleRateHertz = rate,
            Encoding = format.Encoding == AudioEncoding.Float32 ? AudioEncoding.Float32 : AudioEncoding.Linear16,
        };
    }

    public static void Audio(int length, InterviewOptions options, string field)
    {
        if (length == 0)
        {
            throw Invalid(field, "empty.");
        }
        if (length > options.MaxAudioBytesPerMessage)
        {
            throw Invalid(field, $"{length} bytes is more than the limit of {options.MaxAudioBytesPerMessage} bytes per message.");
        }
    }

    public static string Text(string text, InterviewOptions options, string field)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw Invalid(field, "empty.");
        }
        return RequestFields.Text(text, field, options.MaxTextCharacters);
    }
}
