namespace Rehearse.Speech.Audio;

/// <summary>What a WAV header says about the audio that follows it.</summary>
/// <param name="Format">The sample format of the 'data' chunk.</param>
/// <param name="DataBytes">
/// The length the 'data' chunk declares, or <see langword="null"/> when it declares 0, 0xFFFFFFFF or 0x7FFFF000,
/// which writers of streamed WAV use for "unknown": the audio then runs to the end of the input.
/// </param>
public sealed record WavHeaderInfo(PcmFormat Format, long? DataBytes);
