namespace Rehearse.Console.Audio;

/// <summary>What a WAV header says about its audio.</summary>
/// <param name="FormatTag">1 PCM, 3 IEEE float, 7 mu-law (the sub-format for WAVE_FORMAT_EXTENSIBLE).</param>
/// <param name="Channels">Interleaved channels.</param>
/// <param name="SampleRate">Samples per second per channel.</param>
/// <param name="BitsPerSample">Bits per sample.</param>
/// <param name="BlockAlign">Bytes per frame (all channels).</param>
/// <param name="HeaderLength">Bytes before the first sample.</param>
/// <param name="DataLength">Bytes of samples, or null when the header does not know (a stream).</param>
public sealed record WavInfo(int FormatTag, int Channels, int SampleRate, int BitsPerSample, int BlockAlign, int HeaderLength, long? DataLength)
{
    /// <summary>WAVE_FORMAT_PCM.</summary>
    public const int Pcm = 1;

    /// <summary>WAVE_FORMAT_IEEE_FLOAT.</summary>
    public const int IeeeFloat = 3;

    /// <summary>WAVE_FORMAT_MULAW.</summary>
    public const int MuLaw = 7;

    /// <summary>Bytes per second of audio.</summary>
    public int ByteRate => SampleRate * BlockAlign;
}
