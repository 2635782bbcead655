using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading.Channels;
using Rehearse.Speech.Audio;
using Rehearse.Speech.Recognition.Acoustics;
using Rehearse.Speech.Recognition.Engine;
using Rehearse.Speech.Recognition.Input;
using Rehearse.Speech.Recognition.Segmentation;
using Rehearse.Speech.Recognition.Telemetry;
using Rehearse.Speech.Recognition.VoiceActivity;

namespace Rehearse.Speech.Recognition.Streaming;

/// <summary>
/// One streaming recognition: audio bytes in, voice activity events and transcripts out. Each 32 ms frame goes
/// through the voice activity detector and the segmenter; a closed utterance is decoded into a final result, and
/// while speech continues the open utterance is re-decoded for interim results when a decode slot is free and the
/// stream has caught up with the audio received (an interim of audio that is already out of date would only delay
/// the final results behind it). With turn detection, a <see cref="TurnTracker"/> decides on the frames analysed: the
/// open utterance is decoded early (waiting for a decode slot, since a listener waits on the decision) to tell a turn
/// from a backchannel, and every final result gets an end-of-turn estimate from its words and acoustic features.
/// A final's decode starts early, in the background, once the silence after the speech has lasted the padding: its
/// audio is then complete, and the decode runs while endpointing waits out the rest of the silence (if a slot is free;
/// speech that resumes discards it), so the final does not wait for a decode when the utterance closes.
/// Not thread-safe: one per call.
/// </summary>
internal sealed class RecognitionStream
{
    private const int FrameSamples = UtteranceAudio.FrameSamples;
    private const int SampleRate = AudioInput.ModelSampleRate;
    private const int SilenceAfterCut = SampleRate * 3 / 10;

    private readonly ResolvedRecognition _recognition;
    private readonly VoiceActivityDetector _detector;
    private readonly UtteranceSegmenter _segmenter;
    private readonly DecodeScheduler _decodes;
    private readonly TimeSpan _maxDuration;
    private readonly int _paddingSamples;
    private readonly int _interimSamples;
    // Audio from _bufferStart (a sample index from the start of the call) to the newest sample.
    private readonly List<float> _buffer = [];
    private readonly List<float> _incoming = [];
    private readonly List<SegmentationEvent> _segmentation = [];
    private readonly TurnTracker? _turns;
    private readonly List<RecognitionEvent> _turnEvents = [];
    // The open utterance so far plus silence, for the decodes that tell a turn from a backchannel.
    private float[] _soFar = [];
    private EarlyFinal? _earlyFinal;
    private long _bufferStart;
    private long _framePosition;
    private long _lastInterimPosition;
    private string[] _previousInterimWords = [];
    private int _segmentIndex;
    private readonly RecognitionTelemetry? _telemetry;
    // When the open utterance's trailing silence was first heard, for the final's latency; null while speech goes on.
    private RecognitionTelemetry.SpeechEnd? _speechEnd;

    public RecognitionStream(ResolvedRecognition recognition, VoiceActivityDetector detector, DecodeScheduler decodes, TimeSpan maxDuration, RecognitionTelemetry? telemetry = null)
    {
        _telemetry = telemetry;
        _recognition = recognition;
        _detector = detector;
        _segmenter = new UtteranceSegmenter(recognition.Endpointing);
        _decodes = decodes;
        _maxDuration = maxDuration;
        _paddingSamples = (int)(recognition.Endpointing.SpeechPadding.TotalSeconds * SampleRate);
        _interimSamples = (int)(recognition.InterimInterval.TotalSeconds * SampleRate);
        _turns = recognition.TurnDetection is { } turns ? new TurnTracker(turns) : null;
    }

    private long BufferEnd => _bufferStart + _buffer.Count;

    /// <summary>Where the open utterance's audio starts: its first frame less the padding, within the audio kept.</summary>
    private long OpenUtteranceStart => Math.Max(_bufferStart, (_segmenter.UtteranceStartFrame * FrameSamples) - _paddingSamples);

    /// <summary>
    /// Reads <paramref name="audio"/> to its end and yields events as they happen. Bad audio or a stream past the
    /// maximum duration throws after the final results of the audio before it.
    /// </summary>
    public async IAsyncEnumerable<RecognitionEvent> RunAsync(ChannelReader<ReadOnlyMemory<byte>> audio, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var input = new AudioInput(_recognition.AudioFormat);
        var maxSamples = (long)(_maxDuration.TotalSeconds * SampleRate);
        Exception? failure = null;
        await foreach (var chunk in audio.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            _incoming.Clear();
            input.Append(chunk.Span, _incoming);
            if (input.ReceivedDuration > _maxDuration)
            {
                var keep = (int)Math.Clamp(maxSamples - BufferEnd, 0, _incoming.Count);
                _incoming.RemoveRange(keep, _incoming.Count - keep);
                failure = new RecognitionLimitException(
                    $"the stream sent more than {_maxDuration.TotalSeconds:0} s of audio, the limit (Speech:Recognition:MaxAudioDuration).");
            }
            _buffer.AddRange(_incoming);
            var caughtUp = !audio.TryPeek(out _);
            await foreach (var recognitionEvent in ProcessFramesAsync(caughtUp, cancellationToken).ConfigureAwait(false))
            {
                yield return recognitionEvent;
            }
            if (failure is not null)
            {
                break;
            }
        }

        if (failure is null)
        {
            _incoming.Clear();
            try
            {
                input.Complete(_incoming);
            }
            catch (RecognitionArgumentException error)
            {
                failure = error;
            }
            _buffer.AddRange(_incoming);
        }
        // The last, partial frame is padded with silence so its audio is judged too. Completing the input can add
        // more than a frame (the resampler's tail), so only the remainder past whole frames is partial.
        var partial = (int)((BufferEnd - _framePosition) % FrameSamples);
        if (partial > 0)
        {
            _buffer.AddRange(new float[FrameSamples - partial]);
        }
        await foreach (var recognitionEvent in ProcessFramesAsync(interims: false, cancellationToken).ConfigureAwait(false))
        {
            yield return recognitionEvent;
        }
        _segmentation.Clear();
        _segmenter.Finish(_segmentation);
        foreach (var segmentationEvent in _segmentation.ToArray())
        {
            await foreach (var recognitionEvent in HandleAsync(segmentationEvent, cancellationToken).ConfigureAwait(false))
            {
                yield return recognitionEvent;
            }
        }
        DropEarlyFinal();
        if (failure is not null)
        {
            throw failure;
        }
    }

    /// <summary>Runs every whole frame received; then, when <paramref name="interims"/> allows, one interim decode.</summary>
    private async IAsyncEnumerable<RecognitionEvent> ProcessFramesAsync(bool interims, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (_framePosition + FrameSamples <= BufferEnd)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var frame = CollectionsMarshal.AsSpan(_buffer).Slice((int)(_framePosition - _bufferStart), FrameSamples);
            var probability = _detector.Process(frame);
            var level = AudioLevels.Rms(frame);
            _framePosition += FrameSamples;
            _segmentation.Clear();
            _segmenter.Push(probability, level, _segmentation);
            foreach (var segmentationEvent in _segmentation.ToArray())
            {
                await foreach (var recognitionEvent in HandleAsync(segmentationEvent, cancellationToken).ConfigureAwait(false))
                {
                    yield return recognitionEvent;
                }
            }
            if (_telemetry is not null)
            {
                _speechEnd = _segmenter.InTrailingSilence ? _speechEnd ?? RecognitionTelemetry.SpeechEnd.Now() : null;
            }
            StartEarlyFinal(cancellationToken);
            if (_turns is null)
            {
                continue;
            }
            var pendingOnset = _segmenter.PendingOnsetFrame;
            if (_turns.TryEnd(_framePosition, pendingOnset < 0 ? -1 : pendingOnset * FrameSamples) is { } ended)
            {
                yield return ended;
            }
            if (_segmenter.InSpeech)
            {
                var speechEnd = _segmenter.SpeechEndFrame * FrameSamples;
                var began = _turns.CheckLength(_segmentIndex, speechEnd);
                if (began is null && _turns.ShouldDecode(_framePosition, speechEnd))
                {
                    Transcript heard;
                    using (await _decodes.AcquireAsync(cancellationToken).ConfigureAwait(false))
                    {
                        heard = TranscribeSoFar(cancellationToken);
                    }
                    var hum = IsHum(_segmenter.UtteranceStartFrame * FrameSamples, speechEnd);
                    began = _turns.Decoded(_segmentIndex, heard, hum, _framePosition, speechEnd);
                }
                if (began is not null)
                {
                    yield return began;
                }
            }
        }
        if (interims && TryInterim(cancellationToken) is { } interim)
        {
            yield return interim;
        }
        DropUnneededAudio();
    }

    private async IAsyncEnumerable<RecognitionEvent> HandleAsync(SegmentationEvent segmentationEvent, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        switch (segmentationEvent)
        {
            case SpeechStarted started:
                _lastInterimPosition = _framePosition;
                _previousInterimWords = [];
                _turns?.SpeechStarted(started.StartFrame * FrameSamples);
                if (_recognition.VoiceActivityEvents)
                {
                    yield return new SpeechActivityEvent(SpeechActivity.Began, Time(started.StartFrame * FrameSamples), _segmentIndex);
                }
                break;

            case UtteranceClosed closed:
                if (_recognition.VoiceActivityEvents && closed.Reason != UtteranceEnd.MaxLength)
                {
                    yield return new SpeechActivityEvent(SpeechActivity.Ended, Time(closed.EndFrame * FrameSamples), _segmentIndex);
                }
                var (start, end) = UtteranceAudio.Bounds(closed, _paddingSamples, _bufferStart, BufferEnd);
                Transcript transcript;
                if (TakeEarlyFinal(start, end) is { } early)
                {
                    transcript = await early.ConfigureAwait(false);
                }
                else
                {
                    using (await _decodes.AcquireAsync(cancellationToken).ConfigureAwait(false))
                    {
                        transcript = Transcribe(start, end, cancellationToken);
                    }
                }
                var acoustics = Measure(closed, start, end);
                var speechGoesOn = closed.Reason == UtteranceEnd.MaxLength;
                if (!speechGoesOn && _turns is { Undecided: true }
                    && _turns.BeforeFinal(_segmentIndex, transcript.Text, IsHum(closed.StartFrame * FrameSamples, closed.EndFrame * FrameSamples)) is { } began)
                {
                    yield return began;
                }
                if (!speechGoesOn && _speechEnd is { } speechEnd)
                {
                    _telemetry?.FinalProduced(speechEnd, _segmentIndex, Time(end - start));
                }
                _speechEnd = null;
                yield return new TranscriptEvent(transcript.Text, true, 1f, Time(start), Time(end), _segmentIndex, transcript.Confidence,
                    _recognition.ReportAcoustics ? acoustics : null);
                if (_turns is not null && speechGoesOn)
                {
                    _turns.Cut(transcript.Text);
                }
                else if (_turns is not null)
                {
                    _turnEvents.Clear();
                    _turns.AfterFinal(_segmentIndex, transcript.Text, closed.EndFrame * FrameSamples, _framePosition, acoustics, _turnEvents);
                    foreach (var turnEvent in _turnEvents)
                    {
                        yield return turnEvent;
                    }
                }
                _segmentIndex++;
                _lastInterimPosition = _framePosition;
                _previousInterimWords = [];
                break;
        }
    }

    /// <summary>Re-decodes the open utterance when enough new speech arrived and a decode slot is free now.</summary>
    private TranscriptEvent? TryInterim(CancellationToken cancellationToken)
    {
        if (!_recognition.InterimResults || !_segmenter.InSpeech || _segmenter.InTrailingSilence
            || _framePosition - _lastInterimPosition < _interimSamples || !_decodes.TryAcquire(out var lease))
        {
            return null;
        }
        Transcript transcript;
        long start;
        using (lease)
        {
            start = OpenUtteranceStart;
            transcript = Transcribe(start, _framePosition, cancellationToken);
        }
        _lastInterimPosition = _framePosition;
        var words = transcript.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var stability = Stability(_previousInterimWords, words);
        _previousInterimWords = words;
        return words.Length == 0
            ? null
            : new TranscriptEvent(transcript.Text, false, stability, Time(start), Time(_framePosition), _segmentIndex, transcript.Confidence);
    }

    /// <summary>
    /// Starts decoding the open utterance's final in the background once its trailing silence has lasted the padding
    /// and a decode slot is free now; discards an early decode whose speech went on.
    /// </summary>
    private void StartEarlyFinal(CancellationToken cancellationToken)
    {
        if (!_segmenter.InTrailingSilence)
        {
            DropEarlyFinal();
            return;
        }
        var speechEnd = _segmenter.SpeechEndFrame;
        var utterance = new UtteranceClosed(_segmenter.UtteranceStartFrame, speechEnd, UtteranceEnd.Silence, _segmenter.StartsAtCut);
        if (_earlyFinal is { } pending)
        {
            if (pending.Utterance == utterance)
            {
                return;
            }
            DropEarlyFinal();
        }
        if (_framePosition < (speechEnd * FrameSamples) + _paddingSamples || !_decodes.TryAcquire(out var lease))
        {
            return;
        }
        var (start, end) = UtteranceAudio.Bounds(utterance, _paddingSamples, _bufferStart, BufferEnd);
        // A copy: the stream's buffer grows (and moves) while the decode runs.
        var audio = CollectionsMarshal.AsSpan(_buffer).Slice((int)(start - _bufferStart), (int)(end - start)).ToArray();
        var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var recognizer = _recognition.Recognizer;
        var decode = Task.Run(() =>
        {
            using (lease)
            {
                return recognizer.Transcribe(audio, cancel.Token);
            }
        }, CancellationToken.None);
        _earlyFinal = new EarlyFinal(utterance, start, end, decode, cancel);
    }

    /// <summary>The early decode of the audio from <paramref name="start"/> to <paramref name="end"/>, if one was started for exactly that audio.</summary>
    private Task<Transcript>? TakeEarlyFinal(long start, long end)
    {
        if (_earlyFinal is not { } early || early.Start != start || early.End != end)
        {
            DropEarlyFinal();
            return null;
        }
        _earlyFinal = null;
        return Awaited(early);

        static async Task<Transcript> Awaited(EarlyFinal early)
        {
            try
            {
                return await early.Decode.ConfigureAwait(false);
            }
            finally
            {
                early.Cancel.Dispose();
            }
        }
    }

    /// <summary>Cancels an early decode no final will use; its slot is freed when the model run stops.</summary>
    private void DropEarlyFinal()
    {
        if (_earlyFinal is not { } early)
        {
            return;
        }
        _earlyFinal = null;
        early.Cancel.Cancel();
        _ = early.Decode.ContinueWith(task =>
        {
            _ = task.Exception;
            early.Cancel.Dispose();
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>The share of <paramref name="current"/>'s words that begin the same way as the previous interim result.</summary>
    internal static float Stability(string[] previous, string[] current)
    {
        if (current.Length == 0)
        {
            return 0;
        }
        var common = 0;
        while (common < previous.Length && common < current.Length && previous[common] == current[common])
        {
            common++;
        }
        return (float)common / current.Length;
    }

    /// <summary>
    /// The acoustic features of a closed utterance whose audio runs from <paramref name="start"/> to <paramref name="end"/>,
    /// when the call asked for them or for turn detection.
    /// </summary>
    private AcousticFeatures? Measure(UtteranceClosed utterance, long start, long end) =>
        _recognition.Acoustics?.Analyze(
            CollectionsMarshal.AsSpan(_buffer).Slice((int)(start - _bufferStart), (int)(end - start)),
            Time(start),
            UtteranceAudio.Speech(utterance, start, end),
            UtteranceAudio.Duration(utterance.EndFrame - utterance.StartFrame));

    /// <summary>
    /// The open utterance so far, decoded with <see cref="SilenceAfterCut"/> of silence appended: cut mid-word, the model
    /// (trained on whole utterances) repeats or invents words, and "Yeah" heard for 250 ms came back as "Yeah, yeah,
    /// yeah" or "The."; with the silence, as "Yeah.".
    /// </summary>
    private Transcript TranscribeSoFar(CancellationToken cancellationToken)
    {
        var start = OpenUtteranceStart;
        var length = (int)(_framePosition - start);
        var total = length + SilenceAfterCut;
        if (_soFar.Length < total)
        {
            _soFar = new float[Math.Max(total, _soFar.Length * 2)];
        }
        CollectionsMarshal.AsSpan(_buffer).Slice((int)(start - _bufferStart), length).CopyTo(_soFar);
        _soFar.AsSpan(length, SilenceAfterCut).Clear();
        return _recognition.Recognizer.Transcribe(_soFar.AsSpan(0, total), cancellationToken);
    }

    /// <summary>Whether the speech from <paramref name="start"/> to <paramref name="end"/> (sample positions, clipped to the audio kept) is a hum.</summary>
    private bool IsHum(long start, long end)
    {
        start = Math.Max(start, _bufferStart);
        end = Math.Min(end, BufferEnd);
        return end > start && HumDetector.IsHum(CollectionsMarshal.AsSpan(_buffer).Slice((int)(start - _bufferStart), (int)(end - start)));
    }

    private Transcript Transcribe(long start, long end, CancellationToken cancellationToken)
    {
        var samples = CollectionsMarshal.AsSpan(_buffer).Slice((int)(start - _bufferStart), (int)(end - start));
        return _recognition.Recognizer.Transcribe(samples, cancellationToken);
    }

    /// <summary>Forgets audio no utterance can need any more (keeping the padding before a possible start).</summary>
    private void DropUnneededAudio()
    {
        var keepFrom = Math.Min(_segmenter.EarliestNeededFrame * FrameSamples, _framePosition) - _paddingSamples;
        var drop = keepFrom - _bufferStart;
        if (drop >= SampleRate)
        {
            _buffer.RemoveRange(0, (int)drop);
            _bufferStart += drop;
        }
    }

    private static TimeSpan Time(long sample) => TimeSpan.FromSeconds((double)sample / SampleRate);

    /// <summary>A final decoded ahead of its utterance's close: the utterance as it would close now, its audio, the decode.</summary>
    private sealed record EarlyFinal(UtteranceClosed Utterance, long Start, long End, Task<Transcript> Decode, CancellationTokenSource Cancel);
}
