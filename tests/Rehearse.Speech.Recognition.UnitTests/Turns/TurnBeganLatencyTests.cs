using Rehearse.Speech.Audio;
using Rehearse.Speech.Recognition.Engine;
using Rehearse.Speech.Recognition.Input;
using Rehearse.Speech.Recognition.Streaming;
using Rehearse.Testing;

namespace Rehearse.Speech.Recognition.UnitTests.Turns;

/// <summary>How soon real speech begins a turn, in audio from its onset (skipped without the shared recordings).</summary>
[Collection(EngineStreamsCollection.Name)]
public sealed class TurnBeganLatencyTests(ModelFixture models)
{
    [Fact]
    public async Task Real_speech_begins_a_turn_within_a_few_hundred_milliseconds_of_its_onset()
    {
        var clips = SpeechCorpus.Load();
        Assert.SkipWhen(clips is null, "The shared recordings (../shared/testdata/speech) are not present.");
        var settings = new RecognitionSettings(new RecognitionAudioFormat(RecognitionAudioEncoding.Linear16, 16_000),
            Model: RecognitionModelCatalog.MoonshineBase, VoiceActivityEvents: true, TurnDetection: new TurnDetectionOverrides(true));
        var latencies = new List<double>();
        var byLength = 0;
        var backchannels = new List<string>();
        foreach (var clip in clips)
        {
            var wav = WavFile.Read(File.ReadAllBytes(clip.File));
            var samples = wav.SourceFormat.SampleRate == 16_000 ? wav.Samples : Resampler.Resample(wav.Samples, wav.SourceFormat.SampleRate, 16_000);
            var events = await TurnDetectionStreamTests.RunAsync(models.Engine, TestAudio.Linear16([.. samples, .. new float[16_000]]), settings);
            foreach (var (e, heard) in events)
            {
                switch (e)
                {
                    case TurnEvent { Kind: TurnEventKind.TurnBegan } began:
                        latencies.Add((heard - began.Offset).TotalMilliseconds);
                        byLength += string.IsNullOrEmpty(began.Transcript) || !Recognition.Turns.Backchannels.HasTurnWord(began.Transcript) ? 1 : 0;
                        break;
                    case TurnEvent { Kind: TurnEventKind.Backchannel } backchannel:
                        backchannels.Add($"{clip.Name}: '{backchannel.Transcript}'");
                        break;
                }
            }
        }
        latencies.Sort();
        double Percentile(double q) => latencies[Math.Min(latencies.Count - 1, (int)(q * latencies.Count))];
        File.WriteAllLines(Path.Combine(TestPaths.ArtifactsDirectory("turn-taking"), "turn-began-latency.txt"),
        [
            $"{clips.Count} clips, {latencies.Count} turns began, {byLength} of them by length; audio from onset to the decision (±20 ms): " +
                $"p50 {Percentile(0.5):0} ms, p90 {Percentile(0.9):0} ms, max {latencies[^1]:0} ms",
            $"{backchannels.Count} utterances taken for backchannels:", .. backchannels,
        ]);

        Assert.True(Percentile(0.5) <= 400, $"p50 {Percentile(0.5):0} ms");
        Assert.True(latencies[^1] <= 800, $"max {latencies[^1]:0} ms");
    }
}
