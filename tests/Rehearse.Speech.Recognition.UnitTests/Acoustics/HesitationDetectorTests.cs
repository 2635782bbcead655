using Rehearse.Speech.Recognition.Acoustics;

namespace Rehearse.Speech.Recognition.UnitTests.Acoustics;

public sealed class HesitationDetectorTests
{
    [Fact]
    public void A_sustained_voiced_sound_is_found_as_a_hesitation_and_noise_is_not()
    {
        // 1.0-1.5 s: a steady "uh"-like vowel, a 120 Hz voice; 2.0-2.6 s: loud noise (a fricative).
        var audio = SyntheticVoice.Silence(3);
        SyntheticVoice.AddVoice(audio, 1.0, 1.5, _ => 120);
        SyntheticVoice.AddNoise(audio, 2.0, 2.6);

        var found = new HesitationDetector().Detect(audio);

        var hesitation = Assert.Single(found);
        Assert.InRange(hesitation.Start.TotalSeconds, 0.95, 1.1);
        Assert.InRange(hesitation.End.TotalSeconds, 1.4, 1.55);
    }

    [Fact]
    public void Steady_sounds_shorter_or_longer_than_a_hesitation_are_not_hesitations()
    {
        var audio = SyntheticVoice.Silence(3);
        SyntheticVoice.AddVoice(audio, 0.5, 0.65, _ => 120); // 150 ms: a vowel in a word
        SyntheticVoice.AddVoice(audio, 1.0, 2.5, _ => 120);  // 1.5 s: a held note

        Assert.Empty(new HesitationDetector().Detect(audio));
    }

    [Fact]
    public void A_vowel_no_louder_than_the_given_noise_floor_allows_is_not_a_hesitation()
    {
        var audio = SyntheticVoice.Silence(2);
        SyntheticVoice.AddVoice(audio, 0.5, 1.0, _ => 120);

        Assert.Single(new HesitationDetector().Detect(audio));
        // The vowel is about -11 dBFS: over a floor of -20 dBFS it is not the 15 dB above the floor a hesitation needs.
        Assert.Empty(new HesitationDetector().Detect(audio, noiseFloor: -20));
    }
}
