using Rehearse.Speech.Audio;

namespace Rehearse.Speech.Synthesis.Output;

/// <summary>Turns samples into the bytes of one output format; for WAV the first chunk starts with a streaming header.</summary>
internal sealed class ChunkEncoder(AudioOutputFormat format)
{
    private bool _headerWritten;

    public byte[] Encode(ReadOnlySpan<float> samples)
    {
        switch (format.Encoding)
        {
            case OutputEncoding.Float32:
                return PcmCodec.Encode(samples, SampleEncoding.Float32);
            case OutputEncoding.Linear16:
                return PcmCodec.Encode(samples, SampleEncoding.Linear16);
            default:
                var pcm = PcmCodec.Encode(samples, SampleEncoding.Linear16);
                if (_headerWritten)
                {
                    return pcm;
                }
                _headerWritten = true;
                var header = WavFile.CreateStreamingHeader(new PcmFormat(SampleEncoding.Linear16, format.SampleRate, 1));
                return [.. header, .. pcm];
        }
    }
}
