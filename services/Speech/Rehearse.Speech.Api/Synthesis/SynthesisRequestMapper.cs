using Rehearse.Speech.Api.Grpc;
using Rehearse.Speech.Synthesis;
using Rehearse.Speech.Synthesis.Output;
using Rehearse.Speech.Synthesis.Voices;
using Rehearse.Speech.V1;

namespace Rehearse.Speech.Api.Synthesis;

/// <summary>Translates between the synthesis messages of the contract and the engine's types.</summary>
internal static class SynthesisRequestMapper
{
    /// <summary>The engine settings for <paramref name="config"/> (null means every default).</summary>
    /// <exception cref="Grpc.Core.RpcException">INVALID_ARGUMENT for an encoding or channel count synthesis cannot produce, or an invalid duration.</exception>
    public static SynthesisSettings ToSettings(SynthesisConfig? config)
    {
        if (config is null)
        {
            return new SynthesisSettings();
        }
        var format = config.AudioFormat;
        var encoding = format?.Encoding switch
        {
            null or AudioEncoding.Unspecified or AudioEncoding.Linear16 => OutputEncoding.Linear16,
            AudioEncoding.Float32 => OutputEncoding.Float32,
            AudioEncoding.Wav => OutputEncoding.Wav,
            var other => throw SynthesisErrors.InvalidArgument(
                "config.audio_format.encoding",
                $"{other} is not offered for synthesis; use AUDIO_ENCODING_LINEAR16, AUDIO_ENCODING_FLOAT32 or AUDIO_ENCODING_WAV."),
        };
        if (format is not null && format.ChannelCount is not (0 or 1))
        {
            throw SynthesisErrors.InvalidArgument(
                "config.audio_format.channel_count",
                $"{format.ChannelCount} is not offered; synthesis output is mono (0 or 1).");
        }
        return new SynthesisSettings
        {
            Voice = config.Voice,
            Encoding = encoding,
            SampleRate = format?.SampleRateHertz ?? 0,
            SpeakingRate = config.SpeakingRate,
            Variation = config.Variation,
            LanguageCode = config.LanguageCode,
            ChunkDuration = RequestDurations.ToTimeSpan(config.ChunkDuration, "config.chunk_duration", SynthesisErrors.InvalidArgument),
        };
    }

    /// <summary>The contract's description of an output format.</summary>
    public static AudioFormat ToAudioFormat(AudioOutputFormat format) => new()
    {
        Encoding = format.Encoding switch
        {
            OutputEncoding.Float32 => AudioEncoding.Float32,
            OutputEncoding.Wav => AudioEncoding.Wav,
            _ => AudioEncoding.Linear16,
        },
        SampleRateHertz = format.SampleRate,
        ChannelCount = 1,
    };

    /// <summary>The contract's description of a voice.</summary>
    public static Voice ToVoice(VoiceDescriptor voice) => new()
    {
        Id = voice.Id,
        DisplayName = voice.DisplayName,
        LanguageCode = voice.LanguageCode,
        Gender = voice.Gender switch
        {
            Rehearse.Speech.Synthesis.Voices.VoiceGender.Female => Rehearse.Speech.V1.VoiceGender.Female,
            Rehearse.Speech.Synthesis.Voices.VoiceGender.Male => Rehearse.Speech.V1.VoiceGender.Male,
            Rehearse.Speech.Synthesis.Voices.VoiceGender.Neutral => Rehearse.Speech.V1.VoiceGender.Neutral,
            _ => Rehearse.Speech.V1.VoiceGender.Unspecified,
        },
        NativeSampleRateHertz = voice.SampleRate,
        Family = voice.Family,
        Description = voice.Description,
    };
}
