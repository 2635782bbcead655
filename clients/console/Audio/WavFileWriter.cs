using System.Buffers.Binary;
using NAudio.Wave;
using Rehearse.Console.Cli;

namespace Rehearse.Console.Audio;

/// <summary>
/// Writes 16-bit mono PCM to a WAV file as it arrives. A file is written by NAudio's <see cref="WaveFileWriter"/>,
/// which fills in the lengths when it is completed; standard output cannot seek back for that (NAudio's writer
/// throws there), so a pipe gets NAudio's header with the lengths marked unknown, which WAV readers accept.
/// </summary>
public sealed class WavFileWriter : IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly WaveFileWriter? _file;
    private readonly string _path;
    private bool _completed;

    private WavFileWriter(Stream stream, WaveFileWriter? file, string path)
    {
        _stream = stream;
        _file = file;
        _path = path;
    }

    /// <summary>Creates the file ("-" writes to standard output) and writes the header.</summary>
    public static async Task<WavFileWriter> CreateAsync(string path, int sampleRate, CancellationToken cancellationToken)
    {
        Stream? stream = null;
        try
        {
            stream = path == "-"
                ? System.Console.OpenStandardOutput()
                : new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 64 * 1024, useAsync: true);
            var format = new WaveFormat(sampleRate, 16, 1);
            if (stream.CanSeek)
            {
                return new WavFileWriter(stream, new WaveFileWriter(stream, format), path);
            }
            await stream.WriteAsync(StreamingHeader(format), cancellationToken);
            return new WavFileWriter(stream, null, path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (stream is not null)
            {
                await stream.DisposeAsync();
            }
            throw CliException.File(path, e);
        }
    }

    /// <summary>Appends audio.</summary>
    public async Task WriteAsync(ReadOnlyMemory<byte> pcm, CancellationToken cancellationToken)
    {
        try
        {
            if (_file is not null)
            {
                _file.Write(pcm.Span);
            }
            else
            {
                await _stream.WriteAsync(pcm, cancellationToken);
            }
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
            _file?.Dispose();
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
        if (!_completed)
        {
            _file?.Dispose();
        }
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

    /// <summary>The header of an empty file in <paramref name="format"/>, with the RIFF and data lengths set to 0xFFFFFFFF ("until the end").</summary>
    private static byte[] StreamingHeader(WaveFormat format)
    {
        using var empty = new MemoryStream();
        using (new WaveFileWriter(empty, format))
        {
        }
        var header = empty.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), uint.MaxValue);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(header.Length - 4), uint.MaxValue); // the data chunk's size ends the header
        return header;
    }
}
