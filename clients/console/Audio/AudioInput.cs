using Rehearse.Console.Cli;
using Rehearse.Speech.V1;

namespace Rehearse.Console.Audio;

/// <summary>
/// Audio to recognize, from a file or standard input: a WAV file (its header is sent along; the Speech service
/// reads it) or headerless PCM in a declared format. The bytes already read to identify the input come first.
/// </summary>
public sealed class AudioInput : IAsyncDisposable
{
    private AudioInput(string name, Stream body, byte[] prefix, AudioFormat format, int blockAlign, int bytesPerSecond, long? audioBytes)
    {
        Name = name;
        Body = body;
        Prefix = prefix;
        Format = format;
        BlockAlign = blockAlign;
        BytesPerSecond = bytesPerSecond;
        AudioBytes = audioBytes;
    }

    /// <summary>The path, or "-" for standard input.</summary>
    public string Name { get; }

    /// <summary>The rest of the input after <see cref="Prefix"/>.</summary>
    public Stream Body { get; }

    /// <summary>Bytes already read (the WAV header), sent before <see cref="Body"/>.</summary>
    public byte[] Prefix { get; }

    /// <summary>The format to declare in the recognition config.</summary>
    public AudioFormat Format { get; }

    /// <summary>Bytes per frame.</summary>
    public int BlockAlign { get; }

    /// <summary>Bytes per second of audio.</summary>
    public int BytesPerSecond { get; }

    /// <summary>Bytes of audio after the header, when known.</summary>
    public long? AudioBytes { get; }

    /// <summary>Bytes that will be sent, when known.</summary>
    public long? TotalBytes => AudioBytes + Prefix.Length;

    /// <summary>Length of the audio, when known.</summary>
    public TimeSpan? Duration => AudioBytes is { } bytes ? TimeSpan.FromSeconds((double)bytes / BytesPerSecond) : null;

    /// <summary>Bytes in about 100 ms of audio, a whole number of frames.</summary>
    public int ChunkBytes => Math.Max(BlockAlign, BytesPerSecond / 10 / BlockAlign * BlockAlign);

    /// <summary>Opens a file ("-" for standard input); <paramref name="raw"/> declares headerless PCM.</summary>
    /// <exception cref="CliException">The file cannot be opened or is not audio the command understands.</exception>
    public static async Task<AudioInput> OpenAsync(string path, RawAudioFormat? raw, CancellationToken cancellationToken)
    {
        Stream stream;
        long? length = null;
        try
        {
            if (path == "-")
            {
                stream = System.Console.OpenStandardInput();
            }
            else
            {
                var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true);
                length = file.Length;
                stream = file;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CliException.File(path, e);
        }

        try
        {
            if (raw is not null)
            {
                var blockAlign = raw.BytesPerSample * raw.Channels;
                var format = new AudioFormat { Encoding = raw.Encoding, SampleRateHertz = raw.SampleRate, ChannelCount = raw.Channels };
                return new AudioInput(path, stream, [], format, blockAlign, raw.SampleRate * blockAlign, length);
            }

            var signature = new byte[12];
            var read = await stream.ReadAtLeastAsync(signature, signature.Length, throwOnEndOfStream: false, cancellationToken);
            if (!WavHeader.HasSignature(signature.AsSpan(0, read)))
            {
                throw CliException.File(path,
                    "not a WAV file; for headerless PCM give --encoding (linear16, float32 or mulaw) with --rate and --channels");
            }
            var (info, header) = await WavHeader.ReadAsync(signature, stream, cancellationToken);
            var audioBytes = info.DataLength ?? length - header.Length;
            if (length is { } fileLength && audioBytes > fileLength - header.Length)
            {
                audioBytes = fileLength - header.Length; // a truncated file: trust what is there
            }
            // The service reads the header itself; rate 0 means "as the header says".
            var wav = new AudioFormat { Encoding = AudioEncoding.Wav };
            return new AudioInput(path, stream, header, wav, info.BlockAlign, info.ByteRate, audioBytes);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            await stream.DisposeAsync();
            throw e is InvalidDataException ? CliException.File(path, e.Message) : CliException.File(path, e);
        }
        catch
        {
            await stream.DisposeAsync();
            throw;
        }
    }

    /// <summary>Reads the whole input (prefix included) into memory.</summary>
    public async Task<byte[]> ReadAllAsync(CancellationToken cancellationToken)
    {
        var all = new MemoryStream(TotalBytes is { } total ? (int)Math.Min(total, int.MaxValue) : 1 << 20);
        all.Write(Prefix);
        try
        {
            await Body.CopyToAsync(all, cancellationToken);
        }
        catch (IOException e)
        {
            throw CliException.File(Name, e);
        }
        return all.ToArray();
    }

    /// <summary>The input in chunks of about 100 ms (the first also carries the prefix).</summary>
    public async IAsyncEnumerable<ReadOnlyMemory<byte>> ReadChunksAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (Prefix.Length > 0)
        {
            yield return Prefix;
        }
        var buffer = new byte[ChunkBytes];
        while (true)
        {
            int read;
            try
            {
                read = await Body.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
            }
            catch (IOException e)
            {
                throw CliException.File(Name, e);
            }
            if (read == 0)
            {
                yield break;
            }
            yield return buffer.AsMemory(0, read).ToArray();
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Body.DisposeAsync();
}
