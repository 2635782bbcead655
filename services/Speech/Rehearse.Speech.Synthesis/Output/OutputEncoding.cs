namespace Rehearse.Speech.Synthesis.Output;

/// <summary>How synthesized audio is written into bytes.</summary>
public enum OutputEncoding
{
    /// <summary>Signed 16-bit little-endian PCM.</summary>
    Linear16,

    /// <summary>32-bit little-endian IEEE float PCM in [-1, 1].</summary>
    Float32,

    /// <summary>A WAV file of 16-bit PCM: a header with unknown length comes first, then the samples.</summary>
    Wav,
}
