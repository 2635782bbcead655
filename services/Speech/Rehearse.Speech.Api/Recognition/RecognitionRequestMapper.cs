using Google.Protobuf.WellKnownTypes;
using Rehearse.Speech.Api.Grpc;
using Rehearse.Speech.Recognition.Engine;
using Rehearse.Speech.Recognition.Input;
using Rehearse.Speech.Recognition.Streaming;
using Rehearse.Speech.Recognition.Turns;
using Rehearse.Speech.V1;
using EngineAcousticFeatures = Rehearse.Speech.Recognition.Acoustics.AcousticFeatures;
using EnginePitchTrend = Rehearse.Speech.Recognition.Acoustics.PitchTrend;
using ProtoAcousticFeatures = Rehearse.Speech.V1.AcousticFeatures;
using ProtoHesitation = Rehearse.Speech.V1.Hesitation;
using ProtoPitchTrend = Rehearse.Speech.V1.PitchTrend;
using ProtoResult = Rehearse.Speech.V1.RecognitionResult;
using ProtoTurnCue = Rehearse.Speech.V1.TurnCue;
using ProtoTurnEvent = Rehearse.Speech.V1.TurnEvent;
using TurnCue = Rehearse.Speech.Recognition.Turns.TurnCue;
using TurnEvent = Rehearse.Speech.Recognition.Streaming.TurnEvent;

namespace Rehearse.Speech.Api.Recognition;

/// <summary>Translates between the v1 contract and the recognition engine's types.</summary>
internal static class RecognitionRequestMapper
{
    /// <summary>The engine settings for <paramref name="config"/>.</summary>
    /// <exception cref="RecognitionArgumentException">A required field is missing or an enum value is unknown.</exception>
    public static RecognitionSettings ToSettings(RecognitionConfig? config)
    {
        if (config is null)
        {
            throw new RecognitionArgumentException("config", "is required.");
        }
        if (config.AudioFormat is null)
        {
            throw new RecognitionArgumentException("config.audio_format", "is required (encoding and sample rate of the audio).");
        }
        var encoding = config.AudioFormat.Encoding switch
        {
            AudioEncoding.Linear16 => RecognitionAudioEncoding.Linear16,
            AudioEncoding.Float32 => RecognitionAudioEncoding.Float32,
            AudioEncoding.Mulaw => RecognitionAudioEncoding.MuLaw,
            AudioEncoding.Wav => RecognitionAudioEncoding.Wav,
            AudioEncoding.Unspecified => throw new RecognitionArgumentException(
                "config.audio_format.encoding", "is required: LINEAR16, FLOAT32, MULAW or WAV."),
            var unknown => throw new RecognitionArgumentException(
                "config.audio_format.encoding", $"{(int)unknown} is not a known encoding; use LINEAR16, FLOAT32, MULAW or WAV."),
        };
        var endpointing = config.Endpointing is { } e
            ? new EndpointingOverrides(
                RequestDurations.ToTimeSpan(e.MinSilence, "config.endpointing.min_silence", InvalidArgument),
                RequestDurations.ToTimeSpan(e.MaxUtterance, "config.endpointing.max_utterance", InvalidArgument),
                e.SpeechThreshold == 0 ? null : e.SpeechThreshold,
                RequestDurations.ToTimeSpan(e.InterimInterval, "config.endpointing.interim_interval", InvalidArgument))
            : null;
        var turns = config.TurnDetection is { } t
            ? new TurnDetectionOverrides(
                t.Enabled,
                RequestDurations.ToTimeSpan(t.MinWait, "config.turn_detection.min_wait", InvalidArgument),
                RequestDurations.ToTimeSpan(t.MaxWait, "config.turn_detection.max_wait", InvalidArgument),
                RequestDurations.ToTimeSpan(t.MaxBackchannel, "config.turn_detection.max_backchannel", InvalidArgument))
            : null;
        return new RecognitionSettings(
            new RecognitionAudioFormat(encoding, config.AudioFormat.SampleRateHertz, config.AudioFormat.ChannelCount),
            config.LanguageCode,
            config.Model,
            config.InterimResults,
            config.VoiceActivityEvents,
            endpointing,
            config.AcousticFeatures,
            turns);
    }

    private static RecognitionArgumentException InvalidArgument(string field, string reason) => new(field, reason);

    /// <summary>The response message for one engine event.</summary>
    public static StreamingRecognizeResponse ToResponse(RecognitionEvent recognitionEvent) => recognitionEvent switch
    {
        SpeechActivityEvent activity => new StreamingRecognizeResponse
        {
            SpeechEvent = new SpeechEvent
            {
                Type = activity.Activity == SpeechActivity.Began ? SpeechEventType.SpeechBegan : SpeechEventType.SpeechEnded,
                Offset = Duration.FromTimeSpan(activity.Offset),
                SegmentIndex = activity.SegmentIndex,
            },
        },
        TranscriptEvent transcript => new StreamingRecognizeResponse { Result = ToResult(transcript) },
        TurnEvent turn => new StreamingRecognizeResponse { TurnEvent = ToProto(turn) },
        _ => throw new ArgumentOutOfRangeException(nameof(recognitionEvent), recognitionEvent, "Unknown recognition event."),
    };

    /// <summary>The contract's result for one transcript.</summary>
    public static ProtoResult ToResult(TranscriptEvent transcript) => new()
    {
        Transcript = transcript.Text,
        IsFinal = transcript.IsFinal,
        Stability = transcript.Stability,
        StartOffset = Duration.FromTimeSpan(transcript.StartOffset),
        EndOffset = Duration.FromTimeSpan(transcript.EndOffset),
        SegmentIndex = transcript.SegmentIndex,
        Confidence = transcript.Confidence,
        AcousticFeatures = transcript.Acoustics is { } acoustics ? ToProto(acoustics) : null,
    };

    private static ProtoTurnEvent ToProto(TurnEvent turn)
    {
        var message = new ProtoTurnEvent
        {
            Type = turn.Kind switch
            {
                TurnEventKind.TurnBegan => TurnEventType.TurnBegan,
                TurnEventKind.Backchannel => TurnEventType.Backchannel,
                TurnEventKind.EndEstimate => TurnEventType.EndEstimate,
                TurnEventKind.TurnEnded => TurnEventType.TurnEnded,
                _ => TurnEventType.Unspecified,
            },
            SegmentIndex = turn.SegmentIndex,
            Offset = Duration.FromTimeSpan(turn.Offset),
            Transcript = turn.Transcript,
        };
        if (turn.Estimate is { } estimate)
        {
            message.EndOfTurnProbability = (float)estimate.Probability;
            message.Wait = Duration.FromTimeSpan(estimate.Wait);
            message.Cues.AddRange(estimate.Cues.Select(ToProto));
        }
        return message;
    }

    private static ProtoTurnCue ToProto(TurnCue cue) => cue switch
    {
        TurnCue.CompleteThought => ProtoTurnCue.CompleteThought,
        TurnCue.TrailingConnective => ProtoTurnCue.TrailingConnective,
        TurnCue.TrailingHesitation => ProtoTurnCue.TrailingHesitation,
        TurnCue.OpenList => ProtoTurnCue.OpenList,
        TurnCue.AskedForTime => ProtoTurnCue.AskedForTime,
        TurnCue.FallingPitch => ProtoTurnCue.FallingPitch,
        TurnCue.HeldPitch => ProtoTurnCue.HeldPitch,
        TurnCue.EnergyDecay => ProtoTurnCue.EnergyDecay,
        TurnCue.FinalLengthening => ProtoTurnCue.FinalLengthening,
        TurnCue.Question => ProtoTurnCue.Question,
        _ => ProtoTurnCue.Unspecified,
    };

    private static ProtoAcousticFeatures ToProto(EngineAcousticFeatures acoustics)
    {
        var features = new ProtoAcousticFeatures
        {
            SpeechDuration = Duration.FromTimeSpan(acoustics.SpeechDuration),
            VoicedDuration = Duration.FromTimeSpan(acoustics.VoicedDuration),
            FinalPitchTrend = acoustics.FinalPitchTrend switch
            {
                EnginePitchTrend.Falling => ProtoPitchTrend.Falling,
                EnginePitchTrend.Flat => ProtoPitchTrend.Flat,
                EnginePitchTrend.Rising => ProtoPitchTrend.Rising,
                _ => ProtoPitchTrend.Unspecified,
            },
            FinalPitchSlope = (float)acoustics.FinalPitchSlope,
            FinalLevelDb = (float)acoustics.FinalLevel,
        };
        features.Hesitations.AddRange(acoustics.Hesitations.Select(h => new ProtoHesitation
        {
            StartOffset = Duration.FromTimeSpan(h.Start),
            EndOffset = Duration.FromTimeSpan(h.End),
        }));
        return features;
    }
}
