using System.Buffers.Binary;
using System.Text;

namespace Rehearse.Console.Audio;

/// <summary>
/// Reads the RIFF/WAVE header off the front of a stream (the client needs rates and lengths for chunking and
/// progress, and sends the header bytes on to the Speech service, which decodes the audio).
/// </summary>
/// <remarks>
/// Not NAudio's WaveFileReader: that needs a seekable stream of known length, and transcription reads files and
/// standard input alike as they arrive, without holding the whole recording.
/// </remarks>
public static class WavHeader
{
    private const int MaxHeaderBytes = 1 << 20;
    private const uint UnknownLength = 0xFFFFFFFF;

    /// <summary>Whether the first bytes of a file are a RIFF/WAVE signature.</summary>
    public static bool HasSignature(ReadOnlySpan<byte> first) =>
        first.Length >= 12 && first[..4].SequenceEqual("RIFF"u8) && first[8..12].SequenceEqual("WAVE"u8);

    /// <summary>
    /// Parses a header whose first <paramref name="prefix"/> bytes were already read, reading the rest from
    /// <paramref name="stream"/> up to the first sample. Returns the header and every header byte.
    /// </summary>
    /// <exception cref="InvalidDataException">The header is malformed or unsupported.</exception>
    public static async Task<(WavInfo Info, byte[] Header)> ReadAsync(byte[] prefix, Stream stream, CancellationToken cancellationToken)
    {
        var header = new MemoryStream();
        header.Write(prefix);
        var chunk = new byte[8];
        byte[]? format = null;
        while (true)
        {
            await ReadExactlyAsync(stream, chunk, header, cancellationToken);
            var id = Encoding.ASCII.GetString(chunk, 0, 4);
            var size = BinaryPrimitives.ReadUInt32LittleEndian(chunk.AsSpan(4));
            if (id == "data")
            {
                if (format is null)
                {
                    throw new InvalidDataException("the WAV data chunk comes before its fmt chunk");
                }
                long? length = size is 0 or UnknownLength ? null : size;
                return (ParseFormat(format, length), header.ToArray());
            }
            if (size > MaxHeaderBytes || header.Length + size > MaxHeaderBytes)
            {
                throw new InvalidDataException($"the WAV header chunk '{id}' is larger than {MaxHeaderBytes} bytes");
            }
            var body = new byte[size + (size & 1)]; // chunks are padded to even sizes
            await ReadExactlyAsync(stream, body, header, cancellationToken);
            if (id == "fmt ")
            {
                format = body;
            }
        }
    }

    private static WavInfo ParseFormat(byte[] format, long? dataLength)
    {
        if (format.Length < 16)
        {
            throw new InvalidDataException("the WAV fmt chunk is shorter than 16 bytes");
        }
        int channels = BinaryPrimitives.ReadUInt16LittleEndian(format.AsSpan(2));
        var rate = (int)BinaryPrimitives.ReadUInt32LittleEndian(format.AsSpan(4));
        int blockAlign = BinaryPrimitives.ReadUInt16LittleEndian(format.AsSpan(12));
        int bits = BinaryPrimitives.ReadUInt16LittleEndian(format.AsSpan(14));
        if (channels < 1 || rate < 1 || blockAlign < 1 || bits < 8)
        {
            throw new InvalidDataException($"the WAV format is invalid ({channels} channels, {rate} Hz, {bits} bits)");
        }
        return new WavInfo(rate, blockAlign, dataLength);
    }

    private static async Task ReadExactlyAsync(Stream stream, byte[] buffer, MemoryStream copy, CancellationToken cancellationToken)
    {
        try
        {
            await stream.ReadExactlyAsync(buffer, cancellationToken);
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException("the WAV header ends before the audio data begins");
        }
        copy.Write(buffer);
    }
}
