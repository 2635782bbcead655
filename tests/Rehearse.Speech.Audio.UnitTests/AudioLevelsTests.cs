namespace Rehearse.Speech.Audio.UnitTests;

public sealed class AudioLevelsTests
{
    [Fact]
    public void A_full_scale_sine_has_an_RMS_of_one_over_root_two_and_a_peak_of_one()
    {
        var sine = Signals.Sine(1000, 16000, 1.0, amplitude: 1.0);

        Assert.Equal(1 / Math.Sqrt(2), AudioLevels.Rms(sine), 4);
        Assert.Equal(1f, AudioLevels.Peak(sine), 4);
        Assert.Equal(0f, AudioLevels.Rms([]));
        Assert.Equal(0.75f, AudioLevels.Peak([0.5f, -0.75f]));
    }

    [Fact]
    public void Decibels_are_relative_to_full_scale_and_floored_for_silence()
    {
        Assert.Equal(0f, AudioLevels.ToDbfs(1f));
        Assert.Equal(-6.0206, AudioLevels.ToDbfs(0.5f), 3);
        Assert.Equal(-60, AudioLevels.ToDbfs(0.001f), 3);
        Assert.Equal(AudioLevels.SilenceDbfs, AudioLevels.ToDbfs(0f));
    }
}
