namespace Rehearse.Speech.Recognition.Segmentation;

/// <summary>
/// Endpointing: turns per-frame speech probabilities into utterances. Speech starts once
/// <see cref="EndpointingSettings.MinSpeech"/> of frames at or above the speech threshold have accumulated
/// (a frame below the silence threshold before then discards the start); it ends after
/// <see cref="EndpointingSettings.MinSilence"/> below the silence threshold. An utterance that reaches
/// <see cref="EndpointingSettings.MaxUtterance"/> is cut at its quietest frame in the second half.
/// Pure logic over numbers, one instance per stream.
/// </summary>
public sealed class UtteranceSegmenter(EndpointingSettings settings)
{
    private readonly EndpointingSettings _settings = settings;
    // Level of each frame from the utterance start (or the candidate start), to find the quietest cut point.
    private readonly List<float> _levels = [];
    private long _candidateStart = -1;
    private int _candidateSpeechFrames;
    private long _silenceStart = -1;
    private bool _startsAtCut;

    /// <summary>Frames processed so far.</summary>
    public long FrameCount { get; private set; }

    /// <summary>True between <see cref="SpeechStarted"/> and the <see cref="UtteranceClosed"/> that ends speech.</summary>
    public bool InSpeech { get; private set; }

    /// <summary>First frame of the open utterance (meaningful while <see cref="InSpeech"/>).</summary>
    public long UtteranceStartFrame { get; private set; }

    /// <summary>True when the open utterance began where a too-long one was cut (meaningful while <see cref="InSpeech"/>).</summary>
    public bool StartsAtCut => _startsAtCut;

    /// <summary>True when speech is open but the latest frames are below the silence threshold.</summary>
    public bool InTrailingSilence => InSpeech && _silenceStart >= 0;

    /// <summary>The frame after the open utterance's last speech frame so far (meaningful while <see cref="InSpeech"/>).</summary>
    public long SpeechEndFrame => _silenceStart >= 0 ? _silenceStart : FrameCount;

    /// <summary>
    /// Where speech may be starting: the first frame of sound that has not yet lasted long enough to start an
    /// utterance, or -1 when there is none (or an utterance is open).
    /// </summary>
    public long PendingOnsetFrame => !InSpeech && _candidateStart >= 0 ? _candidateStart : -1;

    /// <summary>
    /// The earliest frame a caller still needs audio for: the open utterance's or candidate's start, else the
    /// current frame. Audio before it (minus padding) can be dropped.
    /// </summary>
    public long EarliestNeededFrame => InSpeech ? UtteranceStartFrame : _candidateStart >= 0 ? _candidateStart : FrameCount;

    /// <summary>Takes the next frame's speech <paramref name="probability"/> and signal <paramref name="level"/> (RMS).</summary>
    /// <param name="events">Receives what was decided at this frame (usually nothing).</param>
    public void Push(float probability, float level, List<SegmentationEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var frame = FrameCount++;
        if (!InSpeech)
        {
            AwaitSpeech(frame, probability, level, events);
            return;
        }

        _levels.Add(level);
        if (probability >= _settings.SpeechThreshold)
        {
            _silenceStart = -1;
        }
        else if (probability < _settings.SilenceThreshold && _silenceStart < 0)
        {
            _silenceStart = frame;
        }

        if (_silenceStart >= 0 && frame + 1 - _silenceStart >= _settings.MinSilenceFrames)
        {
            events.Add(new UtteranceClosed(UtteranceStartFrame, _silenceStart, UtteranceEnd.Silence, _startsAtCut));
            Reset();
        }
        else if (frame + 1 - UtteranceStartFrame >= _settings.MaxUtteranceFrames)
        {
            var cut = QuietestFrame();
            events.Add(new UtteranceClosed(UtteranceStartFrame, cut, UtteranceEnd.MaxLength, _startsAtCut));
            _levels.RemoveRange(0, (int)(cut - UtteranceStartFrame));
            UtteranceStartFrame = cut;
            _startsAtCut = true;
            if (_silenceStart >= 0 && _silenceStart < cut)
            {
                _silenceStart = cut;
            }
        }
    }

    /// <summary>Closes the open utterance at the end of the audio.</summary>
    public void Finish(List<SegmentationEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (InSpeech)
        {
            var end = _silenceStart >= 0 ? _silenceStart : FrameCount;
            events.Add(new UtteranceClosed(UtteranceStartFrame, end, UtteranceEnd.EndOfStream, _startsAtCut));
        }
        Reset();
    }

    private void AwaitSpeech(long frame, float probability, float level, List<SegmentationEvent> events)
    {
        if (probability >= _settings.SpeechThreshold)
        {
            if (_candidateStart < 0)
            {
                _candidateStart = frame;
                _candidateSpeechFrames = 0;
                _levels.Clear();
            }
            _candidateSpeechFrames++;
        }
        else if (probability < _settings.SilenceThreshold)
        {
            _candidateStart = -1;
            _levels.Clear();
            return;
        }
        if (_candidateStart < 0)
        {
            return;
        }
        _levels.Add(level);
        if (_candidateSpeechFrames >= _settings.MinSpeechFrames)
        {
            InSpeech = true;
            UtteranceStartFrame = _candidateStart;
            _candidateStart = -1;
            _silenceStart = -1;
            _startsAtCut = false;
            events.Add(new SpeechStarted(UtteranceStartFrame));
        }
    }

    /// <summary>The quietest frame in the second half of the open utterance (the latest one on ties).</summary>
    private long QuietestFrame()
    {
        var from = _levels.Count / 2;
        var best = from;
        for (var i = from + 1; i < _levels.Count; i++)
        {
            if (_levels[i] <= _levels[best])
            {
                best = i;
            }
        }
        return UtteranceStartFrame + Math.Max(best, 1);
    }

    private void Reset()
    {
        InSpeech = false;
        _candidateStart = -1;
        _candidateSpeechFrames = 0;
        _silenceStart = -1;
        _startsAtCut = false;
        _levels.Clear();
    }
}
