namespace Rehearse.Speech.Audio;

/// <summary>How one audio sample is stored. All multi-byte encodings are little-endian.</summary>
public enum SampleEncoding
{
    /// <summary>Signed 16-bit integer PCM.</summary>
    Linear16,

    /// <summary>IEEE 754 32-bit float, nominally in [-1, 1].</summary>
    Float32,

    /// <summary>G.711 mu-law, 8 bits per sample.</summary>
    MuLaw,

    /// <summary>Unsigned 8-bit integer PCM (128 is silence), as WAV stores 8-bit audio.</summary>
    Linear8,

    /// <summary>Signed 24-bit integer PCM packed in 3 bytes.</summary>
    Linear24,

    /// <summary>Signed 32-bit integer PCM.</summary>
    Linear32,

    /// <summary>IEEE 754 64-bit float, nominally in [-1, 1].</summary>
    Float64,
}
