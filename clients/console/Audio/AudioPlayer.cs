using Rehearse.Console.Cli;

namespace Rehearse.Console.Audio;

/// <summary>Plays raw 16-bit mono PCM as it arrives, through an external <see cref="AudioTool"/>.</summary>
public sealed class AudioPlayer : IDisposable
{
    private readonly RunningAudioTool _process;

    private AudioPlayer(RunningAudioTool process, int sampleRate)
    {
        _process = process;
        SampleRate = sampleRate;
    }

    /// <summary>The sample rate the player was started with.</summary>
    public int SampleRate { get; }

    /// <summary>The message shown when no player is installed.</summary>
    public const string NoPlayerMessage = "no audio player found (install alsa-utils for aplay, pulseaudio-utils for paplay, or sox for play; or set REHEARSE_PLAY_COMMAND)";

    /// <summary>Starts a player, or returns null when none is installed.</summary>
    public static AudioPlayer? TryStart(int sampleRate) =>
        AudioTool.FindPlayer(sampleRate) is { } tool ? new AudioPlayer(tool.Start(), sampleRate) : null;

    /// <summary>Queues audio for playback.</summary>
    /// <exception cref="CliException">The player failed (e.g. no audio device).</exception>
    public async Task WriteAsync(ReadOnlyMemory<byte> pcm, CancellationToken cancellationToken)
    {
        try
        {
            await _process.Process.StandardInput.BaseStream.WriteAsync(pcm, cancellationToken);
        }
        catch (IOException)
        {
            throw Failure();
        }
    }

    /// <summary>Waits until everything written has been played.</summary>
    public async Task FinishAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _process.Process.StandardInput.BaseStream.FlushAsync(cancellationToken);
            _process.Process.StandardInput.Close();
        }
        catch (IOException)
        {
            throw Failure();
        }
        await _process.Process.WaitForExitAsync(cancellationToken);
        if (_process.Process.ExitCode != 0)
        {
            throw Failure();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _process.Dispose();

    private CliException Failure() => CliException.Audio($"{_process.Tool.Name} could not play the audio: {_process.LastError}");
}
