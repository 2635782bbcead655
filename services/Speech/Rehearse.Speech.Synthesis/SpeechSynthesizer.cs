using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Rehearse.Speech.Synthesis.Output;
using Rehearse.Speech.Synthesis.Telemetry;
using Rehearse.Speech.Synthesis.Voices;

namespace Rehearse.Speech.Synthesis;

/// <summary>
/// The text-to-speech engine: validates requests, limits how many streams run at once, and opens
/// <see cref="SynthesisStream"/>s that speak text sentence by sentence. Thread-safe; one instance serves the
/// whole process.
/// </summary>
public sealed partial class SpeechSynthesizer : IDisposable
{
    /// <summary>Slowest and fastest speaking rate a request may ask for.</summary>
    public const float MinSpeakingRate = 0.5f, MaxSpeakingRate = 2f;

    /// <summary>Longest voice id a request may give.</summary>
    public const int MaxVoiceLength = 64;

    /// <summary>Longest language tag a request may give (the length RFC 5646 asks every implementation to support).</summary>
    public const int MaxLanguageCodeLength = 35;

    private readonly ILogger _logger;
    private int _activeStreams;

    /// <summary>
    /// Creates the engine over loaded voices and, if configured, warms every model up. With <paramref name="meter"/>,
    /// the engine's instruments (active calls, time to first audio, real-time factor) are created on it.
    /// </summary>
    /// <exception cref="ArgumentException">The options are invalid (the message names each option at fault).</exception>
    public SpeechSynthesizer(SynthesisOptions options, VoiceRegistry voices, ILogger<SpeechSynthesizer>? logger = null, Meter? meter = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(voices);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(options));
        }
        Options = options;
        Voices = voices;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        if (options.WarmUp)
        {
            WarmUp();
        }
        // After the warm-up, whose first runs are not the service's.
        Telemetry = meter is null ? null : new SynthesisTelemetry(meter, this);
    }

    /// <summary>The instruments, when the host gave a meter.</summary>
    internal SynthesisTelemetry? Telemetry { get; }

    /// <summary>The settings in force.</summary>
    public SynthesisOptions Options { get; }

    /// <summary>The loaded voices.</summary>
    public VoiceRegistry Voices { get; }

    /// <summary>Streams being served now.</summary>
    public int ActiveStreams => Volatile.Read(ref _activeStreams);

    /// <summary>The curated voices, optionally only those speaking <paramref name="languageCode"/> ("en" matches "en-US").</summary>
    /// <exception cref="SynthesisRequestException">The language code is too long (field <c>language_code</c>).</exception>
    public IReadOnlyList<VoiceDescriptor> ListVoices(string? languageCode = null)
    {
        ThrowIfTooLong(languageCode, MaxLanguageCodeLength, "language_code");
        if (string.IsNullOrWhiteSpace(languageCode))
        {
            return Voices.Voices;
        }
        var wanted = languageCode.Trim();
        return Voices.Voices
            .Where(v => v.LanguageCode.Equals(wanted, StringComparison.OrdinalIgnoreCase)
                || v.LanguageCode.StartsWith(wanted + "-", StringComparison.OrdinalIgnoreCase))
            .ToList();
    }

    /// <summary>
    /// Validates <paramref name="settings"/> and takes one of the <see cref="SynthesisOptions.MaxConcurrentStreams"/>
    /// slots until the returned stream is disposed.
    /// </summary>
    /// <exception cref="SynthesisRequestException">A setting is invalid; the exception names it.</exception>
    /// <exception cref="SynthesisCapacityException">Every slot is taken.</exception>
    public SynthesisStream Open(SynthesisSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ThrowIfTooLong(settings.Voice, MaxVoiceLength, "voice");
        ThrowIfTooLong(settings.LanguageCode, MaxLanguageCodeLength, "language_code");
        if (!Voices.TryResolve(settings.Voice, out var model, out var voice))
        {
            throw new SynthesisRequestException(
                "voice",
                $"'{settings.Voice}' is not a voice; use an id from ListVoices or speaker:0..speaker:{Voices.Models[0].SpeakerCount - 1}.");
        }
        var sampleRate = settings.SampleRate == 0 ? voice.SampleRate : settings.SampleRate;
        if (sampleRate != voice.SampleRate && !AudioOutputFormat.StandardSampleRates.Contains(sampleRate))
        {
            throw new SynthesisRequestException(
                "audio_format.sample_rate_hertz",
                $"{settings.SampleRate} is not offered; use 0 (native, {voice.SampleRate}) or one of {string.Join(", ", AudioOutputFormat.StandardSampleRates)}.");
        }
        var rate = settings.SpeakingRate == 0 ? 1f : settings.SpeakingRate;
        if (!(rate >= MinSpeakingRate && rate <= MaxSpeakingRate))
        {
            throw new SynthesisRequestException(
                "speaking_rate",
                $"{settings.SpeakingRate.ToString(CultureInfo.InvariantCulture)} is outside {MinSpeakingRate.ToString(CultureInfo.InvariantCulture)}..{MaxSpeakingRate.ToString("0.0", CultureInfo.InvariantCulture)}.");
        }
        if (!(settings.Variation is >= 0 and <= 1))
        {
            throw new SynthesisRequestException("variation", $"{settings.Variation.ToString(CultureInfo.InvariantCulture)} is outside 0..1.");
        }
        ValidateLanguage(settings.LanguageCode, voice);
        var chunk = settings.ChunkDuration is { } requested && requested != TimeSpan.Zero ? requested : Options.DefaultChunkDuration;
        if (chunk < TimeSpan.FromMilliseconds(20) || chunk > TimeSpan.FromSeconds(2))
        {
            throw new SynthesisRequestException("chunk_duration", $"{chunk.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)} ms is outside 20 ms..2 s.");
        }
        if (Interlocked.Increment(ref _activeStreams) > Options.MaxConcurrentStreams)
        {
            Interlocked.Decrement(ref _activeStreams);
            throw new SynthesisCapacityException(
                $"The speech synthesizer is serving its maximum of {Options.MaxConcurrentStreams} streams " +
                "(Speech:Synthesis:MaxConcurrentStreams); try again shortly.");
        }
        return new SynthesisStream(
            this,
            model,
            voice,
            new VoiceSettings(rate, settings.Variation == 0 ? null : settings.Variation),
            new AudioOutputFormat(settings.Encoding, sampleRate),
            chunk);
    }

    /// <summary>
    /// Checks text a client sent (a whole text, or one fragment of a stream after <paramref name="alreadyReceived"/>
    /// characters): within <see cref="SynthesisOptions.MaxTextCharacters"/>, no control characters other than
    /// line breaks and tabs, no broken UTF-16 or UTF-8 replacement characters.
    /// </summary>
    /// <exception cref="SynthesisRequestException">The text is not acceptable (field <c>text</c>).</exception>
    public void ValidateText(string text, int alreadyReceived = 0)
    {
        ArgumentNullException.ThrowIfNull(text);
        var total = alreadyReceived + text.Length;
        if (total > Options.MaxTextCharacters)
        {
            throw new SynthesisRequestException(
                "text",
                $"{total.ToString("N0", CultureInfo.InvariantCulture)} characters is over the limit of " +
                $"{Options.MaxTextCharacters.ToString("N0", CultureInfo.InvariantCulture)} (Speech:Synthesis:MaxTextCharacters).");
        }
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }
            if (char.IsSurrogate(c) || c == '\uFFFD')
            {
                throw new SynthesisRequestException(
                    "text",
                    $"is not valid UTF-8: {(c == '\uFFFD' ? "a replacement character U+FFFD (undecodable bytes)" : $"an unpaired surrogate U+{(int)c:X4}")} at position {alreadyReceived + i}.");
            }
            if (char.IsControl(c) && c is not '\n' and not '\r' and not '\t')
            {
                throw new SynthesisRequestException(
                    "text",
                    $"contains the control character U+{(int)c:X4} at position {alreadyReceived + i}; only line breaks and tabs are allowed.");
            }
        }
    }

    /// <summary>Releases the voices.</summary>
    public void Dispose() => Voices.Dispose();

    internal void Release() => Interlocked.Decrement(ref _activeStreams);

    // Before a value is looked up or quoted in a message.
    private static void ThrowIfTooLong(string? value, int maxLength, string field)
    {
        if (value is not null && value.Length > maxLength)
        {
            throw new SynthesisRequestException(field, string.Create(CultureInfo.InvariantCulture,
                $"is {value.Length:N0} characters, over the limit of {maxLength}."));
        }
    }

    private static void ValidateLanguage(string? languageCode, VoiceDescriptor voice)
    {
        if (string.IsNullOrWhiteSpace(languageCode))
        {
            return;
        }
        if (!LanguageTagPattern().IsMatch(languageCode))
        {
            throw new SynthesisRequestException("language_code", $"'{languageCode}' is not a BCP-47 language tag such as en-US.");
        }
        // A voice reads text of its own language whatever the region: an en-US voice can read en-GB text.
        var primary = languageCode.Split('-')[0];
        if (!primary.Equals(voice.LanguageCode.Split('-')[0], StringComparison.OrdinalIgnoreCase))
        {
            throw new SynthesisRequestException(
                "language_code",
                $"'{languageCode}' cannot be spoken by voice '{voice.Id}', which speaks {voice.LanguageCode}.");
        }
    }

    private void WarmUp()
    {
        foreach (var model in Voices.Models)
        {
            var voice = model.Voices.Count > 0 ? model.Voices[0] : model.Pack.DescribeSpeaker(0);
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            model.SynthesizeAsync("Hello, this warms the voice up.", voice, new VoiceSettings(), CancellationToken.None)
                .GetAwaiter().GetResult();
            _logger.LogInformation(
                "Voice pack {Pack} warmed up in {Milliseconds:0} ms.",
                model.Pack.Id,
                System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    [GeneratedRegex(@"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")]
    private static partial Regex LanguageTagPattern();
}
