namespace Rehearse.Speech.Recognition.Input;

/// <summary>How recognition input audio is laid out.</summary>
public enum RecognitionAudioEncoding
{
    /// <summary>Signed 16-bit little-endian PCM.</summary>
    Linear16,

    /// <summary>32-bit little-endian IEEE float PCM.</summary>
    Float32,

    /// <summary>8-bit G.711 mu-law.</summary>
    MuLaw,

    /// <summary>A RIFF/WAVE file; its header gives the format.</summary>
    Wav,
}

/// <summary>The format of the audio a request sends.</summary>
/// <param name="Encoding">Sample layout.</param>
/// <param name="SampleRateHertz">Samples per second per channel (ignored for WAV, whose header says it; 0 allowed there).</param>
/// <param name="ChannelCount">Interleaved channels, 1 or 2 (0 means 1); stereo is down-mixed.</param>
public sealed record RecognitionAudioFormat(RecognitionAudioEncoding Encoding, int SampleRateHertz, int ChannelCount = 1)
{
    /// <summary>Lowest accepted sample rate.</summary>
    public const int MinSampleRate = 8_000;

    /// <summary>Highest accepted sample rate.</summary>
    public const int MaxSampleRate = 48_000;
}
