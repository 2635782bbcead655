namespace Rehearse.Console.Audio;

/// <summary>
/// Captures 16 kHz mono 16-bit PCM from the microphone through an external recorder (arecord, parec, sox rec,
/// or REHEARSE_RECORD_COMMAND), which writes it to its standard output.
/// </summary>
public sealed class Microphone : IDisposable
{
    private readonly RunningAudioTool _process;

    private Microphone(RunningAudioTool process) => _process = process;

    /// <summary>The recorder's name.</summary>
    public string ToolName => _process.Tool.Name;

    /// <summary>
    /// Starts recording, or explains why it cannot: no recorder installed, or the recorder ended at once (no
    /// capture device).
    /// </summary>
    public static async Task<(Microphone? Microphone, string? Problem)> TryStartAsync(CancellationToken cancellationToken)
    {
        if (AudioTool.FindRecorder(AnswerAudio.SampleRate) is not { } tool)
        {
            return (null, "no audio recorder found (install alsa-utils for arecord, pulseaudio-utils for parec, or sox for rec; or set REHEARSE_RECORD_COMMAND)");
        }
        var process = tool.Start();
        process.Process.StandardInput.Close();
        // A recorder without a device fails within moments; one that is still running is capturing.
        await Task.WhenAny(process.Process.WaitForExitAsync(cancellationToken), Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken));
        if (process.Process.HasExited && process.Process.ExitCode != 0)
        {
            var problem = $"{tool.Name} cannot record: {process.LastError}";
            process.Dispose();
            return (null, problem);
        }
        return (new Microphone(process), null);
    }

    /// <summary>The captured audio in chunks of about 100 ms, until the recorder stops.</summary>
    public async IAsyncEnumerable<ReadOnlyMemory<byte>> ReadChunksAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var stream = _process.Process.StandardOutput.BaseStream;
        while (true)
        {
            var buffer = new byte[AnswerAudio.ChunkBytes];
            var read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
            if (read == 0)
            {
                yield break;
            }
            yield return buffer.AsMemory(0, read & ~1);
        }
    }

    /// <summary>Why the recorder stopped.</summary>
    public string StopReason => _process.LastError;

    /// <inheritdoc />
    public void Dispose() => _process.Dispose();
}
