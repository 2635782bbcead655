using System.Buffers.Binary;
using System.Text;

namespace Rehearse.Console.FunctionalTests.Infrastructure;

/// <summary>The facts a test checks about a WAV file: format and length, read from its header.</summary>
/// <param name="Channels">Channels.</param>
/// <param name="SampleRate">Sample rate.</param>
/// <param name="BitsPerSample">Bits per sample.</param>
/// <param name="DataBytes">Bytes of samples.</param>
public sealed record WavFacts(int Channels, int SampleRate, int BitsPerSample, int DataBytes)
{
    /// <summary>The audio's length.</summary>
    public TimeSpan Duration => TimeSpan.FromSeconds((double)DataBytes / (SampleRate * Channels * BitsPerSample / 8));

    /// <summary>Reads the header of a canonical (or streaming-header) WAV file.</summary>
    public static WavFacts Read(byte[] wav)
    {
        Assert.Equal("RIFF", Encoding.ASCII.GetString(wav, 0, 4));
        Assert.Equal("WAVE", Encoding.ASCII.GetString(wav, 8, 4));
        var position = 12;
        int channels = 0, rate = 0, bits = 0;
        while (position + 8 <= wav.Length)
        {
            var id = Encoding.ASCII.GetString(wav, position, 4);
            var size = BinaryPrimitives.ReadUInt32LittleEndian(wav.AsSpan(position + 4));
            if (id == "fmt ")
            {
                channels = BinaryPrimitives.ReadUInt16LittleEndian(wav.AsSpan(position + 10));
                rate = (int)BinaryPrimitives.ReadUInt32LittleEndian(wav.AsSpan(position + 12));
                bits = BinaryPrimitives.ReadUInt16LittleEndian(wav.AsSpan(position + 22));
            }
            if (id == "data")
            {
                var available = wav.Length - position - 8;
                return new WavFacts(channels, rate, bits, size > available ? available : (int)size);
            }
            position += 8 + (int)size + (int)(size & 1);
        }
        throw new InvalidDataException("no data chunk");
    }
}
