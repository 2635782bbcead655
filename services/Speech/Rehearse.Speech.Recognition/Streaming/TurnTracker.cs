using System.Text;
using Rehearse.Speech.Recognition.Acoustics;
using Rehearse.Speech.Recognition.Engine;
using Rehearse.Speech.Recognition.Input;
using Rehearse.Speech.Recognition.Turns;

namespace Rehearse.Speech.Recognition.Streaming;

/// <summary>
/// Turn detection over one stream's utterances, on sample positions from the start of the call (docs/turn-taking.md).
/// Early in each utterance the stream decodes the speech so far and reports it here: a word that is not a backchannel
/// begins a turn, and so does speech that outlasts <see cref="TurnDetectionSettings.MaxBackchannel"/>; an utterance
/// that closes without either was a backchannel. Speech that sounds like a closed-mouth hum (<see cref="HumDetector"/>)
/// begins no turn by its words, which the recognizer mishears ("Amen." for "Mm-hmm."), only by its length. After each
/// final result the turn's words so far and the utterance's voice give an <see cref="EndOfTurnEstimate"/>; the turn
/// ends once its wait has passed in frames the stream analysed, unless speech resumes first. Pure logic; one per
/// stream.
/// </summary>
internal sealed class TurnTracker(TurnDetectionSettings settings)
{
    private const int SampleRate = AudioInput.ModelSampleRate;

    /// <summary>
    /// Mean token probability a decode of speech so far needs for its turn words to count. Garbled fragments of
    /// backchannels came back at 0.39-0.5, the first words of sentences mostly at 0.55-0.95.
    /// </summary>
    internal const float MinTurnWordConfidence = 0.55f;

    private readonly TurnDetectionSettings _settings = settings;
    private readonly long _maxBackchannel = Samples(settings.MaxBackchannel);
    // The final transcripts since the last turn ended.
    private readonly StringBuilder _turnText = new();
    private PendingEnd? _pending;
    // The open utterance: whether it began a turn, where its speech started, and its decodes so far.
    private bool _began = true;
    private long _onset;
    private long _nextCheck;
    private long _checkedSpeechEnd;
    private string _heard = string.Empty;
    // The latest decode of the open utterance read as backchannel words only, and the model was sure of them.
    private bool _heardBackchannel;

    /// <summary>Speech began at <paramref name="onset"/>: a pending end whose wait has not passed by then is called off.</summary>
    public void SpeechStarted(long onset)
    {
        if (_pending is { } pending && onset < pending.Deadline)
        {
            _pending = null;
        }
        _began = false;
        _onset = onset;
        _nextCheck = onset + Samples(_settings.FirstCheck);
        _checkedSpeechEnd = -1;
        _heard = string.Empty;
        _heardBackchannel = false;
    }

    /// <summary>True while the open utterance has not begun a turn: whether it is a hum still matters.</summary>
    public bool Undecided => !_began;

    /// <summary>True when the open utterance, whose speech so far ends at <paramref name="speechEnd"/>, should be decoded now.</summary>
    public bool ShouldDecode(long position, long speechEnd) => !_began && position >= _nextCheck && speechEnd > _checkedSpeechEnd;

    /// <summary>
    /// Turn began, once the open utterance's speech outlasts a backchannel: <see cref="TurnDetectionSettings.MaxBackchannel"/>,
    /// or twice that while the decodes read backchannel words only and are sure of them (a slow "Exactly." or "Makes
    /// sense."); a word that is not one, heard meanwhile, begins the turn at once.
    /// </summary>
    public TurnEvent? CheckLength(int segment, long speechEnd) =>
        !_began && speechEnd - _onset > (_heardBackchannel ? 2 * _maxBackchannel : _maxBackchannel) ? Began(segment, _heard) : null;

    /// <summary>
    /// The open utterance decoded up to <paramref name="position"/> reads <paramref name="heard"/>: turn began when it holds
    /// a turn word the model is fairly sure of, unless its speech so far is a <paramref name="hum"/>. A fragment the model
    /// is unsure of ("Duh!" for the start of "Got it"), or whose last word may begin a two-word backchannel ("Makes"), is
    /// checked again with more speech, until <see cref="CheckLength"/> decides by length.
    /// </summary>
    public TurnEvent? Decoded(int segment, Transcript heard, bool hum, long position, long speechEnd)
    {
        _checkedSpeechEnd = speechEnd;
        _nextCheck = position + Samples(_settings.RecheckInterval);
        _heard = heard.Text;
        var sure = heard.Confidence >= MinTurnWordConfidence;
        var turnWord = Backchannels.HasTurnWord(heard.Text, speechGoesOn: true);
        _heardBackchannel = !hum && sure && !turnWord && TurnWords.Enumerate(heard.Text.AsSpan()).MoveNext();
        return !hum && sure && turnWord ? Began(segment, heard.Text) : null;
    }

    /// <summary>A too-long utterance was cut while speech goes on: its words join the turn.</summary>
    public void Cut(string text) => Append(text);

    /// <summary>
    /// Before the final result of an utterance closed by silence or the end of the audio: turn began when its words hold a
    /// turn word, unless its speech is a <paramref name="hum"/>.
    /// </summary>
    public TurnEvent? BeforeFinal(int segment, string text, bool hum) =>
        !_began && !hum && Backchannels.HasTurnWord(text) ? Began(segment, text) : null;

    /// <summary>
    /// After the final result of an utterance closed by silence or the end of the audio, with the stream at
    /// <paramref name="position"/>: backchannel (when no turn began), the end estimate (when the turn holds words), and
    /// turn ended when the estimate's wait has already passed.
    /// </summary>
    public void AfterFinal(int segment, string text, long speechEnd, long position, AcousticFeatures? acoustics, List<RecognitionEvent> events)
    {
        if (!_began)
        {
            events.Add(new TurnEvent(TurnEventKind.Backchannel, segment, Time(speechEnd), Transcript: text));
            _began = true;
        }
        Append(text);
        if (_turnText.Length == 0)
        {
            // Nothing said yet (a cough): no turn to end.
            return;
        }
        var estimate = EndOfTurnScorer.Estimate(_turnText.ToString(), acoustics, Time(speechEnd), _settings.MinWait, _settings.MaxWait);
        events.Add(new TurnEvent(TurnEventKind.EndEstimate, segment, Time(speechEnd), estimate));
        _pending = new PendingEnd(segment, speechEnd + Samples(estimate.Wait), estimate);
        if (TryEnd(position, pendingOnset: -1) is { } ended)
        {
            events.Add(ended);
        }
    }

    /// <summary>
    /// Turn ended, when the stream has analysed audio up to <paramref name="position"/> past the pending deadline and no
    /// sound that may yet become speech (starting at <paramref name="pendingOnset"/>, -1 for none) began before it.
    /// </summary>
    public TurnEvent? TryEnd(long position, long pendingOnset)
    {
        if (_pending is not { } pending || position < pending.Deadline || (pendingOnset >= 0 && pendingOnset < pending.Deadline))
        {
            return null;
        }
        _pending = null;
        _turnText.Clear();
        return new TurnEvent(TurnEventKind.TurnEnded, pending.Segment, Time(pending.Deadline), pending.Estimate);
    }

    private TurnEvent Began(int segment, string text)
    {
        _began = true;
        return new TurnEvent(TurnEventKind.TurnBegan, segment, Time(_onset), Transcript: text);
    }

    private void Append(string text)
    {
        if (text.Length == 0)
        {
            return;
        }
        if (_turnText.Length > 0)
        {
            _turnText.Append(' ');
        }
        _turnText.Append(text);
    }

    private static long Samples(TimeSpan duration) => (long)(duration.TotalSeconds * SampleRate);

    private static TimeSpan Time(long sample) => TimeSpan.FromSeconds((double)sample / SampleRate);

    /// <summary>A turn that ends at <paramref name="Deadline"/> unless speech resumes first.</summary>
    private readonly record struct PendingEnd(int Segment, long Deadline, EndOfTurnEstimate Estimate);
}
