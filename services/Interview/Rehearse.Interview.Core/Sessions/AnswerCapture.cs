using Rehearse.Interview.Core.Speech;
using Rehearse.Interview.Interviewers;
using Rehearse.Interview.V1;

namespace Rehearse.Interview.Core.Sessions;

/// <summary>
/// What has been heard of the current answer: final transcript segments with times, voice activity, how much
/// audio arrived and, when answer audio is retained, the audio itself as it came (bytes in the client's format;
/// the speech service does all decoding).
/// </summary>
internal sealed class AnswerCapture(bool keepAudio)
{
    private readonly List<AnswerSegment> _segments = [];
    private readonly MemoryStream? _audio = keepAudio ? new MemoryStream() : null;
    private long _bytes;

    /// <summary>Format of the audio, fixed by the answer's first chunk.</summary>
    public CandidateAudioFormat? Format { get; private set; }

    /// <summary>Audio received so far, as time.</summary>
    public TimeSpan AudioReceived => Format is { } format ? format.DurationOf(_bytes) : TimeSpan.Zero;

    /// <summary>Where the current recognition call started in the answer's audio (a call reopened after an outage starts later).</summary>
    public TimeSpan RecognitionBase { get; set; }

    /// <summary>The candidate is speaking now (between speech began and speech ended).</summary>
    public bool Speaking { get; set; }

    /// <summary>Any speech was heard in this answer.</summary>
    public bool HeardSpeech { get; set; }

    /// <summary>
    /// The answer's recognition call failed after speech was heard, and no speech has been heard since: a call that
    /// replaces it hears only the silence after the turn, never the turn's end.
    /// </summary>
    public bool RecognitionLost { get; set; }

    /// <summary>When in the answer's audio the last speech ended.</summary>
    public TimeSpan LastSpeechEnd { get; set; }

    /// <summary>When (wall clock) the last speech ended.</summary>
    public DateTimeOffset LastSpeechEndedAt { get; set; }

    /// <summary>
    /// A turn began in this answer: something other than a backchannel was said. Only then can the turn detector's
    /// end of turn end the answer.
    /// </summary>
    public bool TurnBegan { get; set; }

    /// <summary>
    /// Since when the candidate has been silent with nothing said (or since they asked for time): the check-in's
    /// clock. Null once they have said something.
    /// </summary>
    public DateTimeOffset? WaitingSince { get; set; }

    /// <summary>The turn detector's latest wait, which the clock's fallback also allows.</summary>
    public TimeSpan? EstimatedWait { get; set; }

    /// <summary>The last listening update sent for this answer.</summary>
    public ListeningUpdate? Reading { get; set; }

    /// <summary>Final segments so far.</summary>
    public IReadOnlyList<AnswerSegment> Segments => _segments;

    /// <summary>The final transcripts joined.</summary>
    public string Transcript => string.Join(' ', _segments.Select(s => s.Text.Trim()).Where(t => t.Length > 0));

    /// <summary>Index of the next segment within the answer.</summary>
    public int SegmentCount => _segments.Count;

    public void AddSegment(AnswerSegment segment) => _segments.Add(segment);

    /// <summary>
    /// Counts silence from now, in audio and on the clock, for speech whose end was not heard (the recognition
    /// call failed mid-speech) or that came before listening restarted (after a pause or a repeat).
    /// </summary>
    public void SilenceFrom(DateTimeOffset now)
    {
        Speaking = false;
        LastSpeechEnd = AudioReceived;
        LastSpeechEndedAt = now;
    }

    /// <summary>Records a chunk of audio.</summary>
    public void AddAudio(ReadOnlySpan<byte> audio, CandidateAudioFormat format)
    {
        Format ??= format;
        _bytes += audio.Length;
        _audio?.Write(audio);
    }

    /// <summary>The answer's audio as received, when it is retained and any arrived; otherwise empty.</summary>
    public byte[] RetainedAudio() => _audio?.ToArray() ?? [];
}
