using System.Buffers.Binary;

namespace Rehearse.Interview.Benchmarks;

/// <summary>
/// The low noise a microphone picks up in a quiet room between words: white noise at a fixed RMS level, 16-bit
/// LINEAR16, from a seeded generator so every run hears the same room.
/// </summary>
internal sealed class RoomNoise(double levelDbfs = -60, int seed = 7)
{
    private readonly Random _random = new(seed);
    private readonly double _rms = 32768 * Math.Pow(10, levelDbfs / 20);
    private readonly Lock _lock = new();

    /// <summary>The level, in dBFS RMS.</summary>
    public double LevelDbfs => levelDbfs;

    /// <summary>Fills <paramref name="pcm"/> (LINEAR16) with noise.</summary>
    public void Fill(Span<byte> pcm)
    {
        lock (_lock)
        {
            for (var i = 0; i + 1 < pcm.Length; i += 2)
            {
                // Box-Muller: a Gaussian sample with the wanted RMS.
                var gaussian = Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble());
                BinaryPrimitives.WriteInt16LittleEndian(pcm[i..], (short)Math.Clamp(Math.Round(gaussian * _rms), short.MinValue, short.MaxValue));
            }
        }
    }

    /// <summary><paramref name="duration"/> of noise as LINEAR16 at <see cref="RecordedAnswer.SampleRate"/>.</summary>
    public byte[] Pcm(TimeSpan duration)
    {
        var pcm = new byte[(int)Math.Round(duration.TotalSeconds * RecordedAnswer.SampleRate) * 2];
        Fill(pcm);
        return pcm;
    }
}
