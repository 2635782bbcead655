using Rehearse.Speech.Audio;
using Rehearse.Speech.Recognition.Acoustics;
using Rehearse.Speech.Recognition.Segmentation;
using Rehearse.Speech.Recognition.UnitTests.Turns;
using Rehearse.Speech.Recognition.VoiceActivity;
using Rehearse.Testing;

namespace Rehearse.Speech.Recognition.UnitTests.Acoustics;

public sealed class HumDetectorTests(PiperVoices voices) : IClassFixture<PiperVoices>
{
    private const int SampleRate = SyntheticVoice.SampleRate;

    // Where the stream judges an utterance: after 250 ms of speech, then every 150 ms up to the longest backchannel.
    private static readonly int[] CheckPoints = [250, 400, 550, 700];

    private static readonly string[] Interruptions =
        ["Well, actually I think", "Sorry, can I ask", "Wait, no", "No.", "Nope.", "Now.", "Wait.", "Got it.", "Yeah.", "Okay.", "Right."];

    [Fact]
    public void A_steady_or_rising_hum_is_a_hum()
    {
        var steady = SyntheticVoice.Silence(0.5);
        SyntheticVoice.AddVoice(steady, 0, 0.5, _ => 120, rolloff: 3);
        // "mm-HM": a rise of a fifth, a dip in level between the two hums.
        var rising = SyntheticVoice.Silence(0.6);
        SyntheticVoice.AddVoice(rising, 0, 0.6, SyntheticVoice.Glide(200, 300, 0.6), t => t is > 0.25 and < 0.32 ? 0.3 : 1, rolloff: 3);

        Assert.True(HumDetector.IsHum(steady), $"{HumDetector.Measure(steady)}");
        Assert.True(HumDetector.IsHum(rising), $"{HumDetector.Measure(rising)}");
    }

    [Fact]
    public void An_open_voice_a_burst_noise_or_too_little_sound_is_not_a_hum()
    {
        // The same pitch with the harmonics of an open vowel.
        var vowel = SyntheticVoice.Silence(0.5);
        SyntheticVoice.AddVoice(vowel, 0, 0.5, _ => 120);
        // A hum opened for a 40 ms burst ("m-pm").
        var burst = SyntheticVoice.Silence(0.5);
        SyntheticVoice.AddVoice(burst, 0, 0.5, _ => 120, t => t is >= 0.3 and < 0.34 ? 0.3 : 1, rolloff: 3);
        SyntheticVoice.AddNoise(burst, 0.3, 0.34);
        var noise = SyntheticVoice.Silence(0.5);
        SyntheticVoice.AddNoise(noise, 0, 0.5);
        var brief = SyntheticVoice.Silence(0.5);
        SyntheticVoice.AddVoice(brief, 0.2, 0.27, _ => 120, rolloff: 3);

        Assert.False(HumDetector.IsHum(vowel), $"{HumDetector.Measure(vowel)}");
        Assert.False(HumDetector.IsHum(burst), $"{HumDetector.Measure(burst)}");
        Assert.False(HumDetector.IsHum(noise), $"{HumDetector.Measure(noise)}");
        Assert.False(HumDetector.IsHum(brief), $"{HumDetector.Measure(brief)}");
        Assert.False(HumDetector.IsHum(SyntheticVoice.Silence(0.5)));
        Assert.False(HumDetector.IsHum([]));
    }

    [Fact]
    public async Task The_voices_hums_are_hums_and_their_interruptions_never_are()
    {
        using var vad = LoadVad();
        var report = new List<string> { "text\tvoice\thum at every check\tmeasures at the checks (loud frames, voiced share, dB above 500 Hz, highest frame, flux)" };
        var humsPerText = new Dictionary<string, int>();
        var wordsJudgedHums = new List<string>();
        foreach (var text in (string[])["Mhm.", "Mm-hmm.", "Hmm.", .. Interruptions])
        {
            humsPerText[text] = 0;
            foreach (var voice in voices.Voices)
            {
                var audio = (float[])[.. new float[SampleRate / 2], .. await voices.SpeakAsync(text, voice), .. new float[SampleRate / 2]];
                // One utterance to the stream, whose endpointing waits 600 ms: the pause in "Wait, no" does not end it.
                var stretches = Stretches(vad, audio);
                var (start, end) = (stretches[0].Start, stretches[^1].End);
                var measures = Checks(audio, start, end);
                var hum = measures.All(m => m.IsHum);
                humsPerText[text] += hum ? 1 : 0;
                if (Interruptions.Contains(text) && measures.Any(m => m.IsHum))
                {
                    wordsJudgedHums.Add($"{voice} '{text}'");
                }
                report.Add($"{text}\t{voice}\t{hum}\t{string.Join("; ", measures.Select(Describe))}");
            }
        }
        report.Insert(0, string.Join(", ", humsPerText.Select(pair => $"'{pair.Key}' {pair.Value}/{voices.Voices.Count}")));
        File.WriteAllLines(Path.Combine(TestPaths.ArtifactsDirectory("turn-taking"), "hums-voices.txt"), report);

        // The voices say "Mhm." with closed lips; "Mm-hmm." partly as letters ("em-em-hum"), a hum only in the four
        // voices that close it most (others come within 0.5 dB on some runs); "Hmm." as "h-uh-m", a vowel
        // (docs/turn-taking.md).
        Assert.True(humsPerText["Mhm."] >= 10, report[0]);
        Assert.True(humsPerText["Mm-hmm."] >= 4, report[0]);
        Assert.Empty(wordsJudgedHums);
    }

    [Fact]
    public void No_start_of_real_speech_is_a_hum()
    {
        var clips = SpeechCorpus.Load();
        Assert.SkipWhen(clips is null, "The shared recordings (../shared/testdata/speech) are not present.");
        using var vad = LoadVad();
        var report = new List<string>();
        var hums = new List<string>();
        foreach (var clip in clips)
        {
            var wav = WavFile.Read(File.ReadAllBytes(clip.File));
            var samples = wav.SourceFormat.SampleRate == SampleRate ? wav.Samples : Resampler.Resample(wav.Samples, wav.SourceFormat.SampleRate, SampleRate);
            foreach (var (start, end) in Stretches(vad, samples))
            {
                var measures = Checks(samples, start, end);
                var name = $"{clip.Name} at {start / (double)SampleRate:0.00} s";
                if (measures.Any(m => m.IsHum))
                {
                    hums.Add(name);
                }
                report.Add($"{name}\t{string.Join("; ", measures.Select(Describe))}");
            }
        }
        report.Insert(0, $"{report.Count} starts of speech in {clips.Count} clips, {hums.Count} judged hums at a check: {string.Join(", ", hums)}");
        File.WriteAllLines(Path.Combine(TestPaths.ArtifactsDirectory("turn-taking"), "hums-real-speech.txt"), report);

        Assert.True(report.Count > clips.Count, report[0]);
        Assert.Empty(hums);
    }

    private static SileroVoiceActivityModel LoadVad() =>
        SileroVoiceActivityModel.Load(Path.Combine(TestPaths.ModelsDirectory, "silero-vad", "silero_vad.onnx"));

    /// <summary>The stretches of speech the voice activity detector finds (split at pauses of 150 ms), as sample ranges.</summary>
    private static List<(int Start, int End)> Stretches(SileroVoiceActivityModel vad, float[] samples) =>
        [.. RecordedTurnEndings.Segment(vad.CreateDetector(), samples).Select(u =>
            ((int)(u.StartFrame * UtteranceAudio.FrameSamples), (int)Math.Min(samples.Length, u.EndFrame * UtteranceAudio.FrameSamples)))];

    /// <summary>
    /// The measures of the speech from its onset to each check point it reaches, and of all of it when it closes before
    /// the last: what the stream judges before the utterance outlasts a backchannel.
    /// </summary>
    private static List<HumMeasure> Checks(float[] samples, int start, int end)
    {
        var lengths = CheckPoints.Select(ms => ms * SampleRate / 1000).Where(length => length <= end - start).ToList();
        if (end - start < CheckPoints[^1] * SampleRate / 1000)
        {
            lengths.Add(end - start);
        }
        return [.. lengths.Select(length => HumDetector.Measure(samples.AsSpan(start, length)))];
    }

    private static string Describe(HumMeasure m) =>
        $"{(m.IsHum ? "hum" : "not")} {m.LoudFrames} {m.VoicedShare:0.00} {m.HighShare:0.0} {m.HighestFrameShare:0.0} {m.Flux:0.00}";
}
