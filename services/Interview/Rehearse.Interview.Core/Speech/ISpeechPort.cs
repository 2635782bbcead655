using Google.Protobuf;

namespace Rehearse.Interview.Core.Speech;

/// <summary>
/// What the conversation engine needs of a speech service: speaking the interviewer's words and recognizing the
/// candidate's answers. Failures of the service surface as <see cref="SpeechUnavailableException"/> (down, slow,
/// overloaded or refusing); cancellation as <see cref="OperationCanceledException"/>.
/// </summary>
public interface ISpeechPort
{
    /// <summary>How long an ended answer's recognition may take to deliver its last results.</summary>
    TimeSpan RecognitionGrace { get; }

    /// <summary>Speaks a whole text; audio arrives sentence by sentence.</summary>
    IAsyncEnumerable<SynthesizedAudio> SynthesizeAsync(string text, SynthesisSettings settings, CancellationToken cancellationToken);

    /// <summary>Opens a synthesis whose text arrives in fragments, so speech starts at the first sentence.</summary>
    Task<IStreamingSynthesis> OpenStreamingSynthesisAsync(SynthesisSettings settings, CancellationToken cancellationToken);

    /// <summary>Opens the recognition of one answer, with voice activity events, interim results and turn detection.</summary>
    /// <param name="format">The format of the audio that will be written.</param>
    /// <param name="answerTimeLimit">The answer's time limit; the call may last a grace period beyond it.</param>
    /// <param name="turnDetection">How long the turn detector waits in silence before a turn ends.</param>
    /// <param name="cancellationToken">Abandons the call.</param>
    Task<IRecognitionCall> OpenRecognitionAsync(
        CandidateAudioFormat format, TimeSpan answerTimeLimit, TurnDetectionSettings turnDetection, CancellationToken cancellationToken);
}

/// <summary>How the interviewer's voice is produced.</summary>
/// <param name="Voice">Voice id; empty for the service's default.</param>
/// <param name="SampleRateHertz">Output sample rate; 0 for the voice's own.</param>
/// <param name="Float32">32-bit float samples instead of signed 16-bit.</param>
public sealed record SynthesisSettings(string Voice, int SampleRateHertz, bool Float32);

/// <summary>A piece of synthesized speech (mono PCM in the requested encoding).</summary>
/// <param name="Audio">The samples; may be empty (a sentence boundary).</param>
/// <param name="SampleRateHertz">Their rate, when the service says it (0 when not).</param>
/// <param name="Duration">How long the piece plays.</param>
/// <param name="SentenceIndex">Which sentence of the text it belongs to.</param>
/// <param name="SentenceText">That sentence.</param>
public sealed record SynthesizedAudio(ByteString Audio, int SampleRateHertz, TimeSpan Duration, int SentenceIndex, string SentenceText);

/// <summary>A synthesis whose text is written in fragments while its audio is read.</summary>
public interface IStreamingSynthesis : IAsyncDisposable
{
    /// <summary>Sends the next fragment of text.</summary>
    Task WriteAsync(string text, CancellationToken cancellationToken);

    /// <summary>Says the text is complete; the rest of the audio follows.</summary>
    Task CompleteAsync();

    /// <summary>The audio as it is produced.</summary>
    IAsyncEnumerable<SynthesizedAudio> ReadAllAsync(CancellationToken cancellationToken);
}

/// <summary>One answer's recognition: audio in, voice activity and transcripts out.</summary>
public interface IRecognitionCall : IAsyncDisposable
{
    /// <summary>Sends audio in the call's format.</summary>
    Task WriteAsync(ReadOnlyMemory<byte> audio, CancellationToken cancellationToken);

    /// <summary>Says no more audio follows: the open utterance is decoded and the call ends.</summary>
    Task CompleteAsync();

    /// <summary>What is recognized, in order, until the call ends.</summary>
    IAsyncEnumerable<RecognitionEvent> ReadAllAsync(CancellationToken cancellationToken);
}

/// <summary>Something the recognizer reports.</summary>
public abstract record RecognitionEvent;

/// <summary>The candidate started or stopped speaking.</summary>
/// <param name="SpeechBegan">True when speech began, false when it ended.</param>
/// <param name="Offset">Where, from the start of the call's audio.</param>
public sealed record VoiceActivity(bool SpeechBegan, TimeSpan Offset) : RecognitionEvent;

/// <summary>A transcript of an utterance: interim (may change) or final.</summary>
/// <param name="Transcript">The words.</param>
/// <param name="IsFinal">True when it will not change.</param>
/// <param name="Stability">How likely an interim result is to stay, 0 to 1.</param>
/// <param name="Start">Where the utterance starts, from the start of the call's audio.</param>
/// <param name="End">Where it ends.</param>
/// <param name="Hesitations">Voiced hesitations ("uh", "um") the recognizer heard in a final utterance, written down or not.</param>
public sealed record RecognizedSpeech(string Transcript, bool IsFinal, float Stability, TimeSpan Start, TimeSpan End, int Hesitations = 0) : RecognitionEvent;

/// <summary>The turn detector's waits: the silence after speech it gives a turn before it ends.</summary>
/// <param name="MinWait">The wait of a turn that is clearly over.</param>
/// <param name="MaxWait">The wait of a turn that is clearly not over: after it, the turn ends whatever was said.</param>
public sealed record TurnDetectionSettings(TimeSpan MinWait, TimeSpan MaxWait);

/// <summary>The speech that began starts a turn: it holds a word that is not a backchannel, or it lasted too long to be one.</summary>
/// <param name="Offset">Where the speech began, from the start of the call's audio.</param>
/// <param name="Words">The words that began the turn.</param>
public sealed record TurnBegan(TimeSpan Offset, string Words) : RecognitionEvent;

/// <summary>An utterance ended without beginning a turn: "mm-hm", "yeah", a laugh. A speaking listener goes on.</summary>
/// <param name="Offset">Where the speech ended.</param>
/// <param name="Transcript">What was heard (may be empty).</param>
public sealed record Backchannel(TimeSpan Offset, string Transcript) : RecognitionEvent;

/// <summary>How likely the turn is over after its latest utterance, and the silence it is given before it ends.</summary>
/// <param name="Offset">Where the speech ended.</param>
/// <param name="Probability">Probability in [0, 1] that the turn is over.</param>
/// <param name="Wait">The silence after the end of speech before the turn ends.</param>
/// <param name="Cues">The evidence, strongest first.</param>
public sealed record EndOfTurnEstimate(TimeSpan Offset, float Probability, TimeSpan Wait, IReadOnlyList<TurnCue> Cues) : RecognitionEvent;

/// <summary>The turn is over: the wait has passed in silence in the audio the speech service analysed.</summary>
/// <param name="Offset">The point in the silence where the turn ended.</param>
/// <param name="Probability">The last estimate's probability that the turn is over.</param>
/// <param name="Wait">The last estimate's wait.</param>
/// <param name="Cues">The last estimate's evidence.</param>
public sealed record TurnEnded(TimeSpan Offset, float Probability, TimeSpan Wait, IReadOnlyList<TurnCue> Cues) : RecognitionEvent;

/// <summary>A piece of evidence behind an end-of-turn estimate.</summary>
public enum TurnCue
{
    /// <summary>The words read as a finished thought.</summary>
    CompleteThought,

    /// <summary>The words end on a word that needs more ("and", "so", "because").</summary>
    TrailingConnective,

    /// <summary>The words end on a filler or a voiced hesitation.</summary>
    TrailingHesitation,

    /// <summary>A list was announced or begun and not finished.</summary>
    OpenList,

    /// <summary>The speaker asked for time ("let me think").</summary>
    AskedForTime,

    /// <summary>The pitch falls at the end.</summary>
    FallingPitch,

    /// <summary>The pitch rises or stays level at the end.</summary>
    HeldPitch,

    /// <summary>The voice fades over the last syllable.</summary>
    EnergyDecay,

    /// <summary>The last syllable is drawn out.</summary>
    FinalLengthening,

    /// <summary>The words end with a question to the listener.</summary>
    Question,
}

/// <summary>Format of the candidate's answer audio: mono PCM.</summary>
/// <param name="SampleRateHertz">8000 to 48000.</param>
/// <param name="Float32">True for 32-bit float samples, false for signed 16-bit.</param>
public readonly record struct CandidateAudioFormat(int SampleRateHertz, bool Float32)
{
    /// <summary>Bytes per sample.</summary>
    public int BytesPerSample => Float32 ? 4 : 2;

    /// <summary>How long this many bytes play.</summary>
    public TimeSpan DurationOf(long bytes) => TimeSpan.FromSeconds((double)(bytes / BytesPerSample) / SampleRateHertz);
}

/// <summary>The speech service is down, slow, overloaded or refused the call.</summary>
public sealed class SpeechUnavailableException(string message, Exception? innerException = null) : Exception(message, innerException);
