namespace Rehearse.Speech.Audio;

/// <summary>
/// The anti-aliasing filter of a <see cref="Resampler"/>. Edges are fractions of the lower Nyquist frequency
/// (half the lower of the two rates); a longer filter costs proportionally more CPU and latency.
/// </summary>
public enum ResamplerQuality
{
    /// <summary>Default: passband to 0.80, stopband from 0.92, 80 dB attenuation (16 kHz output: flat to 6.4 kHz, -80 dB from 7.36 kHz).</summary>
    Default,

    /// <summary>Cheaper: passband to 0.70, stopband from 0.95, 60 dB attenuation (about a third of the Default cost).</summary>
    Fast,

    /// <summary>Archival: passband to 0.86, stopband from 0.96, 100 dB attenuation (about 1.5 times the Default cost).</summary>
    High,
}
