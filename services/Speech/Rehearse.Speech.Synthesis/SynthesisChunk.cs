namespace Rehearse.Speech.Synthesis;

/// <summary>A piece of synthesized audio and the sentence it belongs to.</summary>
/// <param name="Audio">Bytes in the stream's format (the first WAV chunk starts with the header).</param>
/// <param name="Offset">Start of the chunk in the produced audio.</param>
/// <param name="Duration">Length of the chunk's audio.</param>
/// <param name="SentenceIndex">Zero-based index of the sentence.</param>
/// <param name="SentenceText">The sentence as written (before normalisation).</param>
/// <param name="SentenceEnd">True on the last chunk of the sentence.</param>
public sealed record SynthesisChunk(
    ReadOnlyMemory<byte> Audio,
    TimeSpan Offset,
    TimeSpan Duration,
    int SentenceIndex,
    string SentenceText,
    bool SentenceEnd);
