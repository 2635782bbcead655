namespace Rehearse.Speech.Audio;

/// <summary>The layout of raw PCM audio: sample encoding, frames per second and interleaved channels.</summary>
public readonly record struct PcmFormat(SampleEncoding Encoding, int SampleRate, int Channels)
{
    /// <summary>The highest sample rate accepted anywhere in the library, in Hz.</summary>
    public const int MaxSampleRate = 384_000;

    /// <summary>The most interleaved channels accepted.</summary>
    public const int MaxChannels = 64;

    /// <summary>Bytes used by one sample of one channel.</summary>
    public int BytesPerSample => BytesPer(Encoding);

    /// <summary>Bytes used by one frame (one sample of every channel).</summary>
    public int BlockAlign => BytesPerSample * Channels;

    /// <summary>The playing time of <paramref name="byteCount"/> bytes; a trailing partial frame counts for nothing.</summary>
    public TimeSpan DurationOf(long byteCount)
    {
        return DurationOfFrames(byteCount / BlockAlign, SampleRate);
    }

    /// <summary>The playing time of <paramref name="frames"/> frames at <paramref name="sampleRate"/>, exact to the tick.</summary>
    internal static TimeSpan DurationOfFrames(long frames, int sampleRate) =>
        TimeSpan.FromTicks((long)((Int128)frames * TimeSpan.TicksPerSecond / sampleRate));

    /// <summary>
    /// Throws an <see cref="AudioFormatException"/> (field "encoding", "sample_rate" or "channels") when the
    /// format cannot be decoded: an unknown encoding, a rate outside 1..<see cref="MaxSampleRate"/> Hz or a
    /// channel count outside 1..<see cref="MaxChannels"/>.
    /// </summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Encoding))
        {
            throw new AudioFormatException("encoding", $"the sample encoding {(int)Encoding} is not supported");
        }

        if (SampleRate is < 1 or > MaxSampleRate)
        {
            throw new AudioFormatException(
                "sample_rate", $"the sample rate is {SampleRate} Hz; 1 to {MaxSampleRate} Hz are supported");
        }

        if (Channels is < 1 or > MaxChannels)
        {
            throw new AudioFormatException(
                "channels", $"the channel count is {Channels}; 1 to {MaxChannels} channels are supported");
        }
    }

    /// <summary>Bytes used by one sample in <paramref name="encoding"/>.</summary>
    public static int BytesPer(SampleEncoding encoding) => encoding switch
    {
        SampleEncoding.Linear8 or SampleEncoding.MuLaw => 1,
        SampleEncoding.Linear16 => 2,
        SampleEncoding.Linear24 => 3,
        SampleEncoding.Linear32 or SampleEncoding.Float32 => 4,
        SampleEncoding.Float64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(encoding), encoding, "unknown sample encoding"),
    };
}
