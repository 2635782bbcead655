using Rehearse.Speech.V1;

namespace Rehearse.Console.Audio;

/// <summary>The layout of headerless PCM input, given with --encoding, --rate and --channels.</summary>
/// <param name="Encoding">The sample encoding.</param>
/// <param name="SampleRate">Samples per second per channel.</param>
/// <param name="Channels">Interleaved channels.</param>
public sealed record RawAudioFormat(AudioEncoding Encoding, int SampleRate, int Channels)
{
    /// <summary>The --encoding names.</summary>
    public static readonly string[] EncodingNames = ["linear16", "float32", "mulaw"];

    /// <summary>Bytes per sample of one channel.</summary>
    public int BytesPerSample => Encoding switch
    {
        AudioEncoding.Linear16 => 2,
        AudioEncoding.Float32 => 4,
        _ => 1,
    };

    /// <summary>The encoding of an --encoding name.</summary>
    public static AudioEncoding ParseEncoding(string name) => name switch
    {
        "linear16" => AudioEncoding.Linear16,
        "float32" => AudioEncoding.Float32,
        "mulaw" => AudioEncoding.Mulaw,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown encoding"),
    };
}
