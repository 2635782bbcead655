using Rehearse.Speech.Audio;
using Rehearse.Speech.Recognition.Acoustics;
using Rehearse.Speech.Recognition.Engine;
using Rehearse.Speech.Recognition.Segmentation;
using Rehearse.Speech.Recognition.VoiceActivity;
using Rehearse.Testing;

namespace Rehearse.Speech.Recognition.UnitTests.Turns;

/// <summary>
/// Turn endings cut from the shared real recordings: every place where the speech of a clip pauses for 150 ms or more and
/// then goes on is a pause; the end of the clip is an end of turn. Each carries the words decoded from the start of the
/// clip up to the pause (with the real recognizer) and the acoustic features of the stretch of speech before it.
/// </summary>
internal sealed record RecordedTurnEnding(string Clip, bool IsEnd, bool HeldOut, string Text, AcousticFeatures Acoustics, TimeSpan SpeechEnd, TimeSpan Pause);

internal static class RecordedTurnEndings
{
    private const int SampleRate = 16_000;
    private static readonly Lazy<IReadOnlyList<RecordedTurnEnding>?> Cached = new(Build);

    /// <summary>The endings, or null when the shared recordings are not present.</summary>
    public static IReadOnlyList<RecordedTurnEnding>? All(ModelFixture models)
    {
        _models ??= models;
        return Cached.Value;
    }

    private static ModelFixture? _models;

    private static IReadOnlyList<RecordedTurnEnding>? Build()
    {
        var clips = SpeechCorpus.Load();
        if (clips is null)
        {
            return null;
        }
        using var vad = SileroVoiceActivityModel.Load(Path.Combine(TestPaths.ModelsDirectory, "silero-vad", "silero_vad.onnx"));
        var analyzer = new AcousticAnalyzer(new AcousticsOptions());
        var recognizer = _models!.Base;
        var endings = new List<RecordedTurnEnding>();
        foreach (var clip in clips)
        {
            var wav = WavFile.Read(File.ReadAllBytes(clip.File));
            var samples = wav.SourceFormat.SampleRate == SampleRate ? wav.Samples : Resampler.Resample(wav.Samples, wav.SourceFormat.SampleRate, SampleRate);
            var utterances = Segment(vad.CreateDetector(), samples);
            var heldOut = Math.Abs(StableHash(clip.Name)) % 3 == 0;
            var padding = SampleRate / 5;
            for (var i = 0; i < utterances.Count; i++)
            {
                var utterance = utterances[i];
                var (start, end) = UtteranceAudio.Bounds(utterance, padding, 0, samples.Length);
                var prefixStart = UtteranceAudio.Bounds(utterances[0], padding, 0, samples.Length).Start;
                var text = recognizer.Transcribe(samples.AsSpan((int)prefixStart, (int)(end - prefixStart)), CancellationToken.None).Text;
                var speechEnd = UtteranceAudio.Duration(utterance.EndFrame);
                var acoustics = analyzer.Analyze(samples.AsSpan((int)start, (int)(end - start)), TimeSpan.FromSeconds((double)start / SampleRate),
                    UtteranceAudio.Speech(utterance, start, end), UtteranceAudio.Duration(utterance.EndFrame - utterance.StartFrame));
                var isEnd = i == utterances.Count - 1;
                var pause = isEnd ? TimeSpan.Zero : UtteranceAudio.Duration(utterances[i + 1].StartFrame - utterance.EndFrame);
                if (text.Length > 0)
                {
                    endings.Add(new RecordedTurnEnding(clip.Name, isEnd, heldOut, text, acoustics, speechEnd, pause));
                }
            }
        }
        return endings;
    }

    /// <summary>The clip's stretches of speech, split at every pause of 150 ms or more.</summary>
    internal static List<UtteranceClosed> Segment(VoiceActivityDetector detector, float[] samples)
    {
        var segmenter = new UtteranceSegmenter(new EndpointingSettings(0.5f, 0.35f, TimeSpan.FromMilliseconds(150), TimeSpan.FromMilliseconds(160),
            TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(30)));
        var events = new List<SegmentationEvent>();
        var frame = new float[UtteranceAudio.FrameSamples];
        for (var position = 0; position < samples.Length; position += frame.Length)
        {
            var available = Math.Min(frame.Length, samples.Length - position);
            samples.AsSpan(position, available).CopyTo(frame);
            frame.AsSpan(available).Clear();
            segmenter.Push(detector.Process(frame), AudioLevels.Rms(frame), events);
        }
        segmenter.Finish(events);
        return [.. events.OfType<UtteranceClosed>()];
    }

    private static int StableHash(string text)
    {
        var hash = 17;
        foreach (var c in text)
        {
            hash = unchecked((hash * 31) + c);
        }
        return hash;
    }
}
