using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Rehearse.Speech.Audio;
using Rehearse.Speech.Onnx;
using Rehearse.Speech.Recognition.Acoustics;
using Rehearse.Speech.Recognition.Input;
using Rehearse.Speech.Recognition.Segmentation;
using Rehearse.Speech.Recognition.Streaming;
using Rehearse.Speech.Recognition.Telemetry;
using Rehearse.Speech.Recognition.VoiceActivity;

namespace Rehearse.Speech.Recognition.Engine;

/// <summary>
/// Speech recognition for the service: streaming and whole-recording transcription over shared models, with the
/// server's limits (concurrent calls, concurrent decodes, audio duration) applied.
/// </summary>
public sealed class SpeechRecognitionEngine : IDisposable
{
    private readonly RecognitionOptions _options;
    private readonly AcousticAnalyzer _acoustics;
    private readonly Lazy<SileroVoiceActivityModel> _voiceActivity;
    private readonly RecognitionTelemetry? _telemetry;

    /// <summary>
    /// Creates the engine; models load on first use or at <see cref="Preload"/>. With <paramref name="meter"/>, the
    /// engine's instruments (active calls, decode slots, final latency, real-time factor) are created on it.
    /// </summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public SpeechRecognitionEngine(RecognitionOptions options, string modelsDirectory, Meter? meter = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(options));
        }
        _options = options;
        _acoustics = new AcousticAnalyzer(options.Acoustics);
        Models = new RecognitionModelRegistry(modelsDirectory, options);
        Decodes = new DecodeScheduler(options.MaxConcurrentDecodes);
        Admission = new RecognitionAdmission(options.MaxConcurrentRecognitions, options.AdmissionWait);
        _voiceActivity = new Lazy<SileroVoiceActivityModel>(
            () => SileroVoiceActivityModel.Load(Path.Combine(modelsDirectory, "silero-vad", "silero_vad.onnx")),
            LazyThreadSafetyMode.ExecutionAndPublication);
        _telemetry = meter is null ? null : new RecognitionTelemetry(meter, Admission, Decodes);
    }

    /// <summary>The recognition models.</summary>
    public RecognitionModelRegistry Models { get; }

    /// <summary>The global bound on decodes in flight.</summary>
    public DecodeScheduler Decodes { get; }

    /// <summary>The bound on calls served at once.</summary>
    public RecognitionAdmission Admission { get; }

    /// <summary>Loads the voice activity model and the configured models, and warms them up.</summary>
    public IReadOnlyDictionary<string, TimeSpan> Preload(CancellationToken cancellationToken)
    {
        _ = _voiceActivity.Value;
        return Models.Preload(_options.PreloadModelNames, cancellationToken);
    }

    /// <summary>
    /// Validates <paramref name="settings"/> (throws <see cref="RecognitionArgumentException"/> at once, before any
    /// audio is read) and returns the recognition of the audio that arrives through <paramref name="audio"/>.
    /// </summary>
    /// <exception cref="RecognitionArgumentException">Bad settings or audio (after the finals before the bad audio).</exception>
    /// <exception cref="RecognitionLimitException">More audio than the maximum duration (after the finals before it).</exception>
    /// <exception cref="RecognitionCapacityException">The server is serving as many calls as it may.</exception>
    public IAsyncEnumerable<RecognitionEvent> Stream(RecognitionSettings settings, ChannelReader<ReadOnlyMemory<byte>> audio, CancellationToken cancellationToken)
    {
        var recognition = Resolve(settings);
        return StreamAsync(recognition, audio, cancellationToken);
    }

    /// <summary>Transcribes a whole recording: one final result per utterance.</summary>
    /// <exception cref="RecognitionArgumentException">Bad settings or audio.</exception>
    /// <exception cref="RecognitionLimitException">The recording is longer than the maximum duration.</exception>
    /// <exception cref="RecognitionCapacityException">The server is serving as many calls as it may.</exception>
    public async Task<RecordingTranscript> RecognizeAsync(RecognitionSettings settings, ReadOnlyMemory<byte> audio, CancellationToken cancellationToken)
    {
        var recognition = Resolve(settings);
        using var place = await EnterAsync(cancellationToken).ConfigureAwait(false);
        var samples = AudioInput.DecodeAll(recognition.AudioFormat, audio.Span, out var duration);
        if (duration > _options.MaxAudioDuration)
        {
            throw new RecognitionLimitException(
                $"the recording is {duration.TotalSeconds:0.0} s long, over the limit of {_options.MaxAudioDuration.TotalSeconds:0} s (Speech:Recognition:MaxAudioDuration).");
        }

        var padding = (int)(recognition.Endpointing.SpeechPadding.TotalSeconds * AudioInput.ModelSampleRate);
        // Each span is decoded as soon as voice activity detection has closed it, in parallel with the detection
        // of the rest and with other spans, as far as the global decode bound allows.
        var decodes = new List<Task<TranscriptEvent>>();
        foreach (var (utterance, speechFrames) in Merge(Segment(samples, recognition.Endpointing, cancellationToken), _options.Endpointing.RecordingSegmentSpan))
        {
            var index = decodes.Count;
            decodes.Add(Task.Run(async () =>
            {
                var (start, end) = UtteranceAudio.Bounds(utterance, padding, 0, samples.Length);
                var audio = samples.AsMemory((int)start, (int)(end - start));
                Transcript transcript;
                using (await Decodes.AcquireAsync(cancellationToken).ConfigureAwait(false))
                {
                    transcript = recognition.Recognizer.Transcribe(audio.Span, cancellationToken);
                }
                var acoustics = recognition.ReportAcoustics
                    ? recognition.Acoustics?.Analyze(audio.Span, Seconds(start), UtteranceAudio.Speech(utterance, start, end), UtteranceAudio.Duration(speechFrames))
                    : null;
                return new TranscriptEvent(transcript.Text, true, 1f, Seconds(start), Seconds(end), index, transcript.Confidence, acoustics);
            }, cancellationToken));
        }
        var results = await Task.WhenAll(decodes).ConfigureAwait(false);
        return new RecordingTranscript(results, duration);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Models.Dispose();
        Decodes.Dispose();
        Admission.Dispose();
        if (_voiceActivity.IsValueCreated)
        {
            _voiceActivity.Value.Dispose();
        }
    }

    private async IAsyncEnumerable<RecognitionEvent> StreamAsync(ResolvedRecognition recognition, ChannelReader<ReadOnlyMemory<byte>> audio, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var place = await EnterAsync(cancellationToken).ConfigureAwait(false);
        var stream = new RecognitionStream(recognition, _voiceActivity.Value.CreateDetector(), Decodes, _options.MaxAudioDuration, _telemetry);
        await foreach (var recognitionEvent in stream.RunAsync(audio, cancellationToken).ConfigureAwait(false))
        {
            yield return recognitionEvent;
        }
    }

    private ResolvedRecognition Resolve(RecognitionSettings settings)
    {
        var recognition = ResolvedRecognition.Resolve(settings, _options, Models, _acoustics);
        return _telemetry is null ? recognition : recognition with { Recognizer = _telemetry.Measured(recognition.Recognizer) };
    }

    /// <summary>Takes a place for one call; disposing it ends the call, giving its memory back first if so configured.</summary>
    private async ValueTask<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        var place = await Admission.EnterAsync(cancellationToken).ConfigureAwait(false);
        return _options.ReleaseMemoryAfterCall ? new MemoryReleasingPlace(place) : place;
    }

    /// <summary>The utterances of a recording, each yielded as soon as voice activity detection closes it.</summary>
    private IEnumerable<UtteranceClosed> Segment(float[] samples, EndpointingSettings endpointing, CancellationToken cancellationToken)
    {
        var detector = _voiceActivity.Value.CreateDetector();
        var segmenter = new UtteranceSegmenter(endpointing);
        var events = new List<SegmentationEvent>();
        var frame = new float[UtteranceAudio.FrameSamples];
        for (var position = 0; position < samples.Length; position += frame.Length)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var available = Math.Min(frame.Length, samples.Length - position);
            samples.AsSpan(position, available).CopyTo(frame);
            frame.AsSpan(available).Clear();
            segmenter.Push(detector.Process(frame), AudioLevels.Rms(frame), events);
            foreach (var closed in events.OfType<UtteranceClosed>())
            {
                yield return closed;
            }
            events.Clear();
        }
        segmenter.Finish(events);
        foreach (var closed in events.OfType<UtteranceClosed>())
        {
            yield return closed;
        }
    }

    /// <summary>
    /// Joins consecutive utterances into one while the joined span stays within <paramref name="span"/>; a span is
    /// yielded, with the speech frames of the utterances it joins, once the next utterance cannot join it (or the
    /// input ends).
    /// </summary>
    internal static IEnumerable<MergedUtterance> Merge(IEnumerable<UtteranceClosed> utterances, TimeSpan span)
    {
        var maxFrames = (long)(span / EndpointingSettings.FrameDuration);
        MergedUtterance? open = null;
        foreach (var utterance in utterances)
        {
            var speechFrames = utterance.EndFrame - utterance.StartFrame;
            if (open is not null && utterance.EndFrame - open.Span.StartFrame <= maxFrames)
            {
                open = new MergedUtterance(open.Span with { EndFrame = utterance.EndFrame, Reason = utterance.Reason }, open.SpeechFrames + speechFrames);
                continue;
            }
            if (open is not null)
            {
                yield return open;
            }
            open = new MergedUtterance(utterance, speechFrames);
        }
        if (open is not null)
        {
            yield return open;
        }
    }

    private static TimeSpan Seconds(long sample) => TimeSpan.FromSeconds((double)sample / AudioInput.ModelSampleRate);
}

/// <summary>A call's place that gives the memory of the call's model runs back before the place is freed.</summary>
internal sealed class MemoryReleasingPlace(IDisposable place) : IDisposable
{
    private int _disposed;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            OnnxMemory.Release();
            place.Dispose();
        }
    }
}

/// <summary>Utterances of a recording decoded together: from the first's start to the last's end, and how many frames of speech they hold.</summary>
internal sealed record MergedUtterance(UtteranceClosed Span, long SpeechFrames);

/// <summary>The transcript of a whole recording.</summary>
/// <param name="Results">One final result per utterance, in order.</param>
/// <param name="AudioDuration">Length of the recording.</param>
public sealed record RecordingTranscript(IReadOnlyList<TranscriptEvent> Results, TimeSpan AudioDuration)
{
    /// <summary>The non-empty transcripts joined with spaces.</summary>
    public string Text => string.Join(' ', Results.Select(result => result.Text).Where(text => text.Length > 0));
}
