namespace Rehearse.Console.Audio;

/// <summary>What a WAV header says about its audio: what the client needs for chunking and progress.</summary>
/// <param name="SampleRate">Samples per second per channel.</param>
/// <param name="BlockAlign">Bytes per frame (all channels).</param>
/// <param name="DataLength">Bytes of samples, or null when the header does not know (a stream).</param>
public sealed record WavInfo(int SampleRate, int BlockAlign, long? DataLength)
{
    /// <summary>Bytes per second of audio.</summary>
    public int ByteRate => SampleRate * BlockAlign;
}
