namespace Rehearse.Speech.Audio.UnitTests;

public sealed class ResamplerTests
{
    [Theory]
    [InlineData(48000, 16000)]
    [InlineData(16000, 22050)]
    [InlineData(22050, 16000)]
    [InlineData(44100, 16000)]
    [InlineData(8000, 16000)]
    [InlineData(16000, 48000)]
    [InlineData(24000, 16000)]
    [InlineData(11025, 48000)]
    [InlineData(44100, 44101)]
    [InlineData(16000, 16001)]
    public void A_1kHz_sine_keeps_its_length_amplitude_frequency_and_timing(int inputRate, int outputRate)
    {
        const double Frequency = 1000;
        const double Seconds = 1.0;
        var input = Signals.Sine(Frequency, inputRate, Seconds);

        var output = Resampler.Resample(input, inputRate, outputRate);

        Assert.Equal((int)Math.Round((double)input.Length * outputRate / inputRate, MidpointRounding.AwayFromZero), output.Length);
        var middle = Signals.Middle(output);
        int first = output.Length / 4;

        double amplitudeDb = 20 * Math.Log10(Signals.ToneAmplitude(middle, Frequency, outputRate, first) / 0.5);
        Assert.InRange(amplitudeDb, -0.1, 0.1);

        // Time-aligned with the input: output k is the sine at k/outputRate, so no delay and no frequency drift.
        double worst = 0;
        for (int i = 0; i < middle.Length; i++)
        {
            double expected = 0.5 * Math.Sin(2 * Math.PI * Frequency * (first + i) / outputRate);
            worst = Math.Max(worst, Math.Abs(middle[i] - expected));
        }

        Assert.True(worst < 1e-3, $"largest deviation from the ideal sine {worst}");

        double crossingsPerSecond = Signals.ZeroCrossings(middle) * (double)outputRate / middle.Length;
        Assert.InRange(crossingsPerSecond, 2 * Frequency * 0.99, 2 * Frequency * 1.01);
    }

    [Fact]
    public void A_tone_just_below_the_output_Nyquist_frequency_is_attenuated_by_60_dB()
    {
        var input = Signals.Sine(7500, 48000, 1.0);

        var output = Resampler.Resample(input, 48000, 16000);

        double level = AudioLevels.ToDbfs(AudioLevels.Rms(Signals.Middle(output))) - AudioLevels.ToDbfs(AudioLevels.Rms(input));
        Assert.True(level <= -60, $"7.5 kHz passes at {level:F1} dB");
    }

    [Fact]
    public void A_tone_above_the_output_Nyquist_frequency_does_not_alias()
    {
        // 9 kHz sampled at 16 kHz would fold to 7 kHz.
        var input = Signals.Sine(9000, 48000, 1.0);

        var output = Resampler.Resample(input, 48000, 16000);

        var middle = Signals.Middle(output);
        double alias = 20 * Math.Log10(Signals.ToneAmplitude(middle, 7000, 16000, output.Length / 4) / 0.5);
        double total = AudioLevels.ToDbfs(AudioLevels.Rms(middle)) - AudioLevels.ToDbfs(AudioLevels.Rms(input));
        Assert.True(alias <= -60, $"the 7 kHz alias is at {alias:F1} dB");
        Assert.True(total <= -60, $"the output is at {total:F1} dB");
    }

    [Theory]
    [InlineData(48000, 16000, 1)]
    [InlineData(44100, 16000, 2)]
    [InlineData(16000, 22050, 3)]
    [InlineData(8000, 48000, 4)]
    [InlineData(44100, 44101, 5)]
    public void Processing_in_random_chunks_gives_the_same_samples_as_one_call(int inputRate, int outputRate, int seed)
    {
        var input = Signals.Noise(inputRate / 2, seed);
        var expected = Resampler.Resample(input, inputRate, outputRate);

        var random = new Random(seed);
        var resampler = new Resampler(inputRate, outputRate);
        var output = new List<float>();
        for (int offset = 0; offset < input.Length;)
        {
            int length = Math.Min(input.Length - offset, random.Next(0, 700));
            resampler.Process(input.AsSpan(offset, length), output);
            offset += length;
        }

        resampler.Flush(output);

        Assert.Equal(expected, output.ToArray());
    }

    [Fact]
    public void Flush_resets_the_resampler_for_a_new_stream()
    {
        var input = Signals.Noise(5000, 7);
        var resampler = new Resampler(48000, 16000);
        var first = new List<float>();
        var second = new List<float>();

        resampler.Process(input, first);
        resampler.Flush(first);
        resampler.Process(input, second);
        resampler.Flush(second);

        Assert.Equal(first, second);
    }

    [Fact]
    public void Equal_rates_pass_the_samples_through_unchanged()
    {
        var input = Signals.Noise(1000, 3);
        var resampler = new Resampler(16000, 16000);
        var output = new List<float>();

        resampler.Process(input.AsSpan(0, 300), output);
        resampler.Process(input.AsSpan(300), output);
        resampler.Flush(output);

        Assert.Equal(input, output.ToArray());
        Assert.Equal(input, Resampler.Resample(input, 16000, 16000));
        Assert.Equal(0, resampler.LatencyInputSamples);
    }

    [Fact]
    public void Streaming_output_waits_only_for_the_documented_latency()
    {
        var resampler = new Resampler(48000, 16000);
        var output = new List<float>();

        resampler.Process(new float[resampler.LatencyInputSamples + 1], output);

        // Input instant 0 needs inputs up to LatencyInputSamples, which are now all present.
        Assert.Single(output);
        Assert.True(resampler.Latency < TimeSpan.FromMilliseconds(5), $"latency {resampler.Latency}");
    }

    [Theory]
    [InlineData(0, 16000)]
    [InlineData(16000, -1)]
    [InlineData(400000, 16000)]
    [InlineData(192000, 1000)]
    public void Unsupported_rates_are_refused(int inputRate, int outputRate) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new Resampler(inputRate, outputRate));
}
