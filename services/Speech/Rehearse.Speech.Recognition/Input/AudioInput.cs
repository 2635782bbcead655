using System.Globalization;
using Rehearse.Speech.Audio;
using Rehearse.Speech.Recognition.Engine;

namespace Rehearse.Speech.Recognition.Input;

/// <summary>
/// Turns the bytes of one call, in whatever chunks they arrive, into mono 16 kHz samples: reads a WAV header when
/// the format is WAV, decodes PCM (reassembling frames split across chunks), down-mixes and resamples with the
/// band-limited <see cref="Resampler"/>. Not thread-safe: one per call.
/// </summary>
public sealed class AudioInput
{
    /// <summary>The rate the models take.</summary>
    public const int ModelSampleRate = 16_000;

    /// <summary>A streamed WAV header must be complete within this many bytes.</summary>
    internal const int MaxWavHeaderBytes = 64 * 1024;

    private readonly List<float> _decoded = [];
    private List<byte>? _headerBytes;
    private PcmDecoder? _decoder;
    private Resampler? _resampler;
    private long _sourceFrames;

    /// <summary>Validates <paramref name="format"/> and prepares to decode it.</summary>
    /// <exception cref="RecognitionArgumentException">An encoding, rate or channel count outside what is accepted.</exception>
    public AudioInput(RecognitionAudioFormat format)
    {
        ArgumentNullException.ThrowIfNull(format);
        if (!Enum.IsDefined(format.Encoding))
        {
            throw new RecognitionArgumentException("config.audio_format.encoding", $"encoding {(int)format.Encoding} is not supported; use LINEAR16, FLOAT32, MULAW or WAV.");
        }
        if (format.ChannelCount is < 0 or > 2)
        {
            throw new RecognitionArgumentException("config.audio_format.channel_count", $"{format.ChannelCount} is outside 1..2 (0 means 1).");
        }
        if (format.Encoding == RecognitionAudioEncoding.Wav)
        {
            if (format.SampleRateHertz != 0)
            {
                CheckRate(format.SampleRateHertz, "config.audio_format.sample_rate_hertz");
            }
            _headerBytes = [];
            return;
        }
        CheckRate(format.SampleRateHertz, "config.audio_format.sample_rate_hertz");
        var encoding = format.Encoding switch
        {
            RecognitionAudioEncoding.Linear16 => SampleEncoding.Linear16,
            RecognitionAudioEncoding.Float32 => SampleEncoding.Float32,
            _ => SampleEncoding.MuLaw,
        };
        Start(new PcmFormat(encoding, format.SampleRateHertz, Math.Max(1, format.ChannelCount)));
    }

    /// <summary>The source format, once known (after the WAV header for WAV input).</summary>
    public PcmFormat? SourceFormat => _decoder?.Format;

    /// <summary>Audio received so far, in source time.</summary>
    public TimeSpan ReceivedDuration => SourceFormat is { } format ? TimeSpan.FromSeconds((double)_sourceFrames / format.SampleRate) : TimeSpan.Zero;

    /// <summary>Decodes <paramref name="chunk"/> and appends the 16 kHz samples it completes to <paramref name="output"/>.</summary>
    /// <exception cref="RecognitionArgumentException">The WAV header is invalid or unsupported, or a sample is NaN or infinite (field <c>audio</c>).</exception>
    public void Append(ReadOnlySpan<byte> chunk, List<float> output)
    {
        if (_decoder is null)
        {
            var headerBytes = _headerBytes!;
            headerBytes.AddRange(chunk);
            var buffered = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(headerBytes);
            if (!TryStartWav(buffered, out var dataOffset))
            {
                if (headerBytes.Count > MaxWavHeaderBytes)
                {
                    throw new RecognitionArgumentException("audio", $"no WAV 'data' chunk starts within the first {MaxWavHeaderBytes} bytes.");
                }
                return;
            }
            chunk = buffered[dataOffset..].ToArray();
            _headerBytes = null;
        }
        _decoded.Clear();
        var firstFrame = _sourceFrames;
        _sourceFrames += _decoder!.Decode(chunk, _decoded);
        var decoded = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_decoded);
        ThrowIfNotFinite(decoded, firstFrame);
        _resampler!.Process(decoded, output);
    }

    /// <summary>Ends the input: appends the resampler's tail.</summary>
    /// <exception cref="RecognitionArgumentException">
    /// The audio ended inside a sample frame, or before a WAV header was complete (field <c>audio</c>).
    /// </exception>
    public void Complete(List<float> output)
    {
        if (_decoder is null)
        {
            throw new RecognitionArgumentException("audio", _headerBytes!.Count == 0
                ? "no audio was sent."
                : $"the WAV header is truncated: {_headerBytes.Count} bytes arrived and the 'data' chunk header was not among them.");
        }
        _resampler!.Flush(output);
        if (_decoder.PendingBytes > 0)
        {
            var format = _decoder.Format;
            throw new RecognitionArgumentException("audio",
                $"the audio ends inside a sample frame: {_decoder.PendingBytes} bytes are left over, a frame of {format.Encoding} with {format.Channels} channel(s) is {format.BlockAlign} bytes.");
        }
    }

    /// <summary>Decodes a whole recording (for one-shot requests) to 16 kHz mono samples.</summary>
    /// <exception cref="RecognitionArgumentException">The audio does not match the format, or the WAV file is bad (field <c>audio</c>).</exception>
    public static float[] DecodeAll(RecognitionAudioFormat format, ReadOnlySpan<byte> audio, out TimeSpan duration)
    {
        var input = new AudioInput(format);
        if (format.Encoding == RecognitionAudioEncoding.Wav)
        {
            DecodedAudio decoded;
            try
            {
                decoded = WavFile.Read(audio);
            }
            catch (AudioFormatException error)
            {
                throw new RecognitionArgumentException("audio", error.Message);
            }
            CheckRate(decoded.SourceFormat.SampleRate, "audio");
            ThrowIfNotFinite(decoded.Samples, 0);
            duration = decoded.Duration;
            return Resampler.Resample(decoded.Samples, decoded.SourceFormat.SampleRate, ModelSampleRate);
        }
        var blockAlign = input.SourceFormat!.Value.BlockAlign;
        if (audio.Length % blockAlign != 0)
        {
            throw new RecognitionArgumentException("audio",
                $"{audio.Length} bytes is not a whole number of {blockAlign}-byte frames of {format.Encoding} with {input.SourceFormat.Value.Channels} channel(s).");
        }
        var output = new List<float>((int)((long)audio.Length / blockAlign * ModelSampleRate / format.SampleRateHertz) + 64);
        input.Append(audio, output);
        input.Complete(output);
        duration = input.ReceivedDuration;
        return [.. output];
    }

    private bool TryStartWav(ReadOnlySpan<byte> buffered, out int dataOffset)
    {
        WavHeaderInfo? header;
        try
        {
            if (!WavFile.TryReadHeader(buffered, out header, out dataOffset))
            {
                return false;
            }
        }
        catch (AudioFormatException error)
        {
            throw new RecognitionArgumentException("audio", error.Message);
        }
        CheckRate(header.Format.SampleRate, "audio");
        Start(header.Format);
        return true;
    }

    private void Start(PcmFormat format)
    {
        try
        {
            _decoder = new PcmDecoder(format);
        }
        catch (AudioFormatException error)
        {
            throw new RecognitionArgumentException("audio", error.Message);
        }
        _resampler = new Resampler(format.SampleRate, ModelSampleRate);
    }

    // Float input can carry NaN or infinity, which would spread through the resampler and leave the models hearing
    // nothing: an empty transcript that looks like silence. Refused instead, naming the first such sample.
    private static void ThrowIfNotFinite(ReadOnlySpan<float> samples, long firstFrame)
    {
        for (var i = 0; i < samples.Length; i++)
        {
            if (!float.IsFinite(samples[i]))
            {
                throw new RecognitionArgumentException("audio", string.Create(CultureInfo.InvariantCulture,
                    $"sample {firstFrame + i} is not a finite number ({samples[i]}); FLOAT32 samples must be finite, nominally within -1..1."));
            }
        }
    }

    private static void CheckRate(int rate, string field)
    {
        if (rate is < RecognitionAudioFormat.MinSampleRate or > RecognitionAudioFormat.MaxSampleRate)
        {
            throw new RecognitionArgumentException(field,
                $"{rate} Hz is outside {RecognitionAudioFormat.MinSampleRate}..{RecognitionAudioFormat.MaxSampleRate}.");
        }
    }
}
