using Rehearse.Speech.Recognition.Acoustics;
using Rehearse.Speech.Recognition.Engine;

namespace Rehearse.Speech.Recognition.UnitTests.Acoustics;

public sealed class AcousticAnalyzerTests
{
    private const int Rate = SyntheticVoice.SampleRate;
    private static readonly AcousticAnalyzer Analyzer = new(new AcousticsOptions());

    // 200 ms of padding, 1.5 s of "speech", 200 ms of padding.
    private static AcousticFeatures Measure(float[] audio, TimeSpan? offset = null) =>
        Analyzer.Analyze(audio, offset ?? TimeSpan.Zero, new Range(Rate / 5, audio.Length - (Rate / 5)), TimeSpan.FromSeconds(1.5));

    private static float[] Utterance(Func<double, double> pitch, Func<double, double>? amplitude = null)
    {
        var audio = SyntheticVoice.Silence(1.9);
        SyntheticVoice.AddVoice(audio, 0.2, 1.7, pitch, amplitude);
        return audio;
    }

    [Fact]
    public void A_steady_vowel_is_a_hesitation_timed_from_the_utterance_offset_with_a_flat_pitch_and_level()
    {
        var audio = SyntheticVoice.Silence(1.5);
        SyntheticVoice.AddVoice(audio, 0.3, 0.8, _ => 120);

        var features = Analyzer.Analyze(audio, TimeSpan.FromSeconds(10), new Range(Rate / 5, Rate * 13 / 10), TimeSpan.FromSeconds(0.7));

        var hesitation = Assert.Single(features.Hesitations);
        Assert.InRange(hesitation.Start.TotalSeconds, 10.25, 10.4);
        Assert.InRange(hesitation.End.TotalSeconds, 10.7, 10.85);
        Assert.Equal(TimeSpan.FromSeconds(0.7), features.SpeechDuration);
        Assert.InRange(features.VoicedDuration.TotalSeconds, 0.45, 0.55);
        Assert.Equal(PitchTrend.Flat, features.FinalPitchTrend);
        Assert.InRange(features.FinalPitchSlope, -0.5, 0.5);
        Assert.InRange(features.FinalLevel, -1, 1);
    }

    [Fact]
    public void A_falling_pitch_glide_at_the_end_gives_a_falling_trend_of_its_slope()
    {
        // Level at 200 Hz, then down 6 semitones in the last 500 ms: -12 semitones per second.
        var audio = Utterance(t => t < 1.0 ? 200 : SyntheticVoice.Glide(200, 200 / Math.Sqrt(2), 0.5)(t - 1.0));

        var features = Measure(audio);

        Assert.Equal(PitchTrend.Falling, features.FinalPitchTrend);
        Assert.InRange(features.FinalPitchSlope, -13.5, -10.5);
        Assert.InRange(features.VoicedDuration.TotalSeconds, 1.4, 1.55);
        Assert.Empty(features.Hesitations); // 1.5 s of one vowel is longer than any hesitation
    }

    [Fact]
    public void A_rising_glide_gives_a_rising_trend_and_a_pitch_tracked_at_the_wrong_octave_now_and_then_does_not_move_it()
    {
        var rising = Measure(Utterance(t => t < 1.0 ? 150 : SyntheticVoice.Glide(150, 150 * Math.Sqrt(2), 0.5)(t - 1.0)));
        // A voice whose every other period is weaker, so the autocorrelation peaks at twice the period too.
        var level = Measure(Utterance(_ => 220, t => 1 + (0.3 * Math.Sin(2 * Math.PI * 110 * t))));

        Assert.Equal(PitchTrend.Rising, rising.FinalPitchTrend);
        Assert.InRange(rising.FinalPitchSlope, 10.5, 13.5);
        Assert.Equal(PitchTrend.Flat, level.FinalPitchTrend);
    }

    [Fact]
    public void A_decaying_envelope_gives_a_final_level_far_below_the_median_and_a_steady_one_does_not()
    {
        // The voice fades by 40 dB over its 1.5 s: its last 200 ms are some 20 dB under its middle.
        var fading = Measure(Utterance(_ => 150, t => Math.Pow(10, -40 * t / 1.5 / 20)));
        var steady = Measure(Utterance(_ => 150));

        Assert.InRange(fading.FinalLevel, -30, -12);
        Assert.InRange(steady.FinalLevel, -1, 1);
    }

    [Fact]
    public void Noise_alone_has_no_voice_so_no_trend_and_no_level()
    {
        var audio = SyntheticVoice.Silence(1.9);
        SyntheticVoice.AddNoise(audio, 0.2, 1.7);

        var features = Measure(audio);

        Assert.Empty(features.Hesitations);
        Assert.Equal(TimeSpan.Zero, features.VoicedDuration);
        Assert.Equal(PitchTrend.Unknown, features.FinalPitchTrend);
        Assert.Equal(0, features.FinalPitchSlope);
        Assert.Equal(0, features.FinalLevel);
        Assert.Equal(TimeSpan.FromSeconds(1.5), features.SpeechDuration);
    }

    [Fact]
    public void Too_little_voice_at_the_end_leaves_the_trend_unknown()
    {
        var audio = SyntheticVoice.Silence(1.9);
        SyntheticVoice.AddVoice(audio, 0.2, 0.26, _ => 150); // 60 ms of voice, under the 100 ms a trend needs

        var features = Measure(audio);

        Assert.Equal(PitchTrend.Unknown, features.FinalPitchTrend);
        Assert.Equal(0, features.FinalPitchSlope);
        Assert.True(features.VoicedDuration > TimeSpan.Zero);
    }

    [Fact]
    public void Only_the_speech_range_counts_for_the_prosody()
    {
        // A falling glide in the padding after the speech is not the speech's ending.
        var audio = SyntheticVoice.Silence(2.5);
        SyntheticVoice.AddVoice(audio, 0.2, 1.2, _ => 150);
        SyntheticVoice.AddVoice(audio, 1.6, 2.3, SyntheticVoice.Glide(200, 120, 0.7));

        var features = Analyzer.Analyze(audio, TimeSpan.Zero, new Range(Rate / 5, Rate * 6 / 5), TimeSpan.FromSeconds(1));

        Assert.Equal(PitchTrend.Flat, features.FinalPitchTrend);
        Assert.InRange(features.VoicedDuration.TotalSeconds, 0.9, 1.05);
    }

    [Theory]
    [InlineData(0.12, 2.5, 3.5)]
    [InlineData(0.12, 1.0, 1.0)]
    public void A_drawn_out_last_syllable_is_measured_against_the_others(double lastSeconds, double minRatio, double maxRatio)
    {
        // Five 120 ms "syllables" 80 ms apart, the last one drawn out to lastSeconds · the ratio.
        var last = lastSeconds * minRatio;
        var audio = SyntheticVoice.Silence(2.5);
        var start = 0.2;
        for (var i = 0; i < 5; i++)
        {
            SyntheticVoice.AddVoice(audio, start, start + 0.12, _ => 150);
            start += 0.2;
        }
        SyntheticVoice.AddVoice(audio, start, start + last, _ => 150);

        var features = Analyzer.Analyze(audio, TimeSpan.Zero, new Range(Rate / 10, (int)((start + last + 0.1) * Rate)), TimeSpan.FromSeconds(start + last));

        Assert.InRange(features.FinalLengthening, minRatio * 0.8, maxRatio);
    }

    [Fact]
    public void Too_few_syllables_leave_the_lengthening_unknown()
    {
        var audio = SyntheticVoice.Silence(1.5);
        SyntheticVoice.AddVoice(audio, 0.2, 0.35, _ => 150);
        SyntheticVoice.AddVoice(audio, 0.5, 1.0, _ => 150);

        Assert.Equal(0, Analyzer.Analyze(audio, TimeSpan.Zero, new Range(0, audio.Length), TimeSpan.FromSeconds(0.8)).FinalLengthening);
    }

    [Fact]
    public void Invalid_options_are_refused_naming_the_setting()
    {
        var options = new AcousticsOptions { HesitationMinDuration = TimeSpan.FromSeconds(2), HesitationMaxDuration = TimeSpan.FromSeconds(1), VoicingThreshold = 0 };

        var error = Assert.Throws<ArgumentException>(() => new AcousticAnalyzer(options));
        var recognition = new RecognitionOptions { Acoustics = options }.Validate();

        Assert.Contains("HesitationMinDuration (2000 ms) must not exceed HesitationMaxDuration (1000 ms)", error.Message, StringComparison.Ordinal);
        Assert.Contains(recognition, m => m.StartsWith("Speech:Recognition:Acoustics: ", StringComparison.Ordinal) && m.Contains("VoicingThreshold", StringComparison.Ordinal));
        Assert.Equal(2, recognition.Count);
        Assert.Empty(new RecognitionOptions().Validate());
    }
}
