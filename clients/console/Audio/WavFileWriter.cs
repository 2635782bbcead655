using Rehearse.Console.Cli;

namespace Rehearse.Console.Audio;

/// <summary>
/// Writes 16-bit mono PCM to a WAV file as it arrives. The header first says "length unknown" and is completed
/// when the file is closed (a pipe keeps the streaming header, which WAV readers accept).
/// </summary>
public sealed class WavFileWriter : IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly string _path;
    private readonly int _sampleRate;
    private bool _completed;

    private WavFileWriter(Stream stream, string path, int sampleRate)
    {
        _stream = stream;
        _path = path;
        _sampleRate = sampleRate;
    }

    /// <summary>Bytes of audio written.</summary>
    public long DataLength { get; private set; }

    /// <summary>Creates the file ("-" writes to standard output) and writes the streaming header.</summary>
    public static async Task<WavFileWriter> CreateAsync(string path, int sampleRate, CancellationToken cancellationToken)
    {
        Stream stream;
        try
        {
            stream = path == "-"
                ? System.Console.OpenStandardOutput()
                : new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 64 * 1024, useAsync: true);
            await stream.WriteAsync(WavHeader.Create(sampleRate, 1, 16, isFloat: false, dataLength: null), cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CliException.File(path, e);
        }
        return new WavFileWriter(stream, path, sampleRate);
    }

    /// <summary>Appends audio.</summary>
    public async Task WriteAsync(ReadOnlyMemory<byte> pcm, CancellationToken cancellationToken)
    {
        try
        {
            await _stream.WriteAsync(pcm, cancellationToken);
            DataLength += pcm.Length;
        }
        catch (IOException e)
        {
            throw CliException.File(_path, e);
        }
    }

    /// <summary>Completes the header with the final lengths (when the file can seek) and flushes.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (_stream.CanSeek)
            {
                _stream.Position = 0;
                await _stream.WriteAsync(WavHeader.Create(_sampleRate, 1, 16, isFloat: false, DataLength), cancellationToken);
            }
            await _stream.FlushAsync(cancellationToken);
            _completed = true;
        }
        catch (IOException e)
        {
            throw CliException.File(_path, e);
        }
    }

    /// <summary>Closes the file; an incomplete file is deleted so a failed run leaves nothing half-written.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        if (!_completed && _path != "-")
        {
            try
            {
                File.Delete(_path);
            }
            catch (IOException)
            {
                // best effort
            }
        }
    }
}
