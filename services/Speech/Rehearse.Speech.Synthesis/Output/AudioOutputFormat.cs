namespace Rehearse.Speech.Synthesis.Output;

/// <summary>The audio a synthesis stream produces: mono, in <paramref name="Encoding"/>, at <paramref name="SampleRate"/>.</summary>
public readonly record struct AudioOutputFormat(OutputEncoding Encoding, int SampleRate)
{
    /// <summary>Output rates offered besides a voice's native rate.</summary>
    public static IReadOnlyList<int> StandardSampleRates { get; } = [16000, 22050, 24000, 44100, 48000];
}
