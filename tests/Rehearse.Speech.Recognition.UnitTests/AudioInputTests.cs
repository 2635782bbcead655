using Rehearse.Speech.Audio;
using Rehearse.Speech.Recognition.Engine;
using Rehearse.Speech.Recognition.Input;

namespace Rehearse.Speech.Recognition.UnitTests;

public sealed class AudioInputTests
{
    [Fact]
    public void Interleaved_stereo_at_48_kHz_is_down_mixed_and_resampled_to_16_kHz()
    {
        var mono = Tone(48_000, 440, TimeSpan.FromSeconds(1));
        var stereo = new float[mono.Length * 2];
        for (var i = 0; i < mono.Length; i++)
        {
            stereo[2 * i] = mono[i];
            stereo[2 * i + 1] = mono[i];
        }
        var bytes = PcmCodec.Encode(stereo, SampleEncoding.Linear16);

        var samples = AudioInput.DecodeAll(new RecognitionAudioFormat(RecognitionAudioEncoding.Linear16, 48_000, 2), bytes, out var duration);

        Assert.Equal(TimeSpan.FromSeconds(1), duration);
        Assert.InRange(samples.Length, 15_900, 16_100);
        Assert.InRange(AudioLevels.Rms(samples.AsSpan(1000, 14_000)), 0.3f, 0.4f); // a 0.5 sine has RMS 0.354
    }

    [Fact]
    public void Chunks_that_split_frames_and_the_WAV_header_give_the_same_samples_as_one_piece()
    {
        var wav = WavFile.Write(Tone(22_050, 300, TimeSpan.FromSeconds(0.5)), 22_050, SampleEncoding.Linear16);
        var format = new RecognitionAudioFormat(RecognitionAudioEncoding.Wav, 0);
        var whole = AudioInput.DecodeAll(format, wav, out _);

        var input = new AudioInput(format);
        var streamed = new List<float>();
        for (var offset = 0; offset < wav.Length; offset += 7)
        {
            input.Append(wav.AsSpan(offset, Math.Min(7, wav.Length - offset)), streamed);
        }
        input.Complete(streamed);

        Assert.Equal(whole.Length, streamed.Count);
        Assert.Equal(whole, streamed.ToArray());
    }

    [Fact]
    public void An_odd_number_of_LINEAR16_bytes_is_refused()
    {
        var error = Assert.Throws<RecognitionArgumentException>(() =>
            AudioInput.DecodeAll(new RecognitionAudioFormat(RecognitionAudioEncoding.Linear16, 16_000), new byte[101], out _));

        Assert.Equal("audio", error.Field);
        Assert.Contains("101 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stream_ending_inside_a_frame_is_refused_at_completion()
    {
        var input = new AudioInput(new RecognitionAudioFormat(RecognitionAudioEncoding.Float32, 16_000));
        var output = new List<float>();
        input.Append(new byte[10], output);

        var error = Assert.Throws<RecognitionArgumentException>(() => input.Complete(output));

        Assert.Equal("audio", error.Field);
        Assert.Contains("2 bytes are left over", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(7_999, "config.audio_format.sample_rate_hertz")]
    [InlineData(48_001, "config.audio_format.sample_rate_hertz")]
    [InlineData(0, "config.audio_format.sample_rate_hertz")]
    public void Sample_rates_outside_8_to_48_kHz_are_refused(int rate, string field)
    {
        var error = Assert.Throws<RecognitionArgumentException>(() => new AudioInput(new RecognitionAudioFormat(RecognitionAudioEncoding.MuLaw, rate)));

        Assert.Equal(field, error.Field);
        Assert.Contains("8000..48000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Three_channels_are_refused()
    {
        var error = Assert.Throws<RecognitionArgumentException>(() => new AudioInput(new RecognitionAudioFormat(RecognitionAudioEncoding.Linear16, 16_000, 3)));

        Assert.Equal("config.audio_format.channel_count", error.Field);
    }

    [Fact]
    public void Bytes_that_are_not_a_WAV_file_are_refused()
    {
        var format = new RecognitionAudioFormat(RecognitionAudioEncoding.Wav, 0);
        var notWav = System.Text.Encoding.ASCII.GetBytes("this is certainly not a RIFF file, just some text padding it out");

        Assert.Equal("audio", Assert.Throws<RecognitionArgumentException>(() => AudioInput.DecodeAll(format, notWav, out _)).Field);
        var truncated = WavFile.Write(new float[100], 16_000, SampleEncoding.Linear16)[..30];
        Assert.Equal("audio", Assert.Throws<RecognitionArgumentException>(() => AudioInput.DecodeAll(format, truncated, out _)).Field);
    }

    private static float[] Tone(int rate, double frequency, TimeSpan duration) =>
        [.. Enumerable.Range(0, (int)(duration.TotalSeconds * rate)).Select(i => (float)(0.5 * Math.Sin(2 * Math.PI * frequency * i / rate)))];
}
