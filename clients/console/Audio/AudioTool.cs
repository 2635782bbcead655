using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Rehearse.Console.Audio;

/// <summary>
/// An external program that plays or captures raw 16-bit mono PCM (ALSA's aplay/arecord, PulseAudio's
/// paplay/parec, sox's play/rec), or a command given in an environment variable. Running the system's own tools
/// keeps the client free of native audio libraries and works with whatever sound server the machine has.
/// </summary>
public sealed class AudioTool
{
    private AudioTool(string name, string fileName, IReadOnlyList<string> arguments)
    {
        Name = name;
        FileName = fileName;
        Arguments = arguments;
    }

    /// <summary>The program's name, for messages.</summary>
    public string Name { get; }

    /// <summary>The executable.</summary>
    public string FileName { get; }

    /// <summary>Its arguments.</summary>
    public IReadOnlyList<string> Arguments { get; }

    /// <summary>The first available player of raw s16le mono at <paramref name="sampleRate"/> (REHEARSE_PLAY_COMMAND first).</summary>
    public static AudioTool? FindPlayer(int sampleRate)
    {
        var rate = sampleRate.ToString(CultureInfo.InvariantCulture);
        return FromEnvironment("REHEARSE_PLAY_COMMAND", rate)
            ?? Find("aplay", "-q", "-t", "raw", "-f", "S16_LE", "-c", "1", "-r", rate, "-")
            ?? Find("paplay", "--raw", "--format=s16le", "--channels=1", $"--rate={rate}")
            ?? Find("play", "-q", "-t", "raw", "-e", "signed-integer", "-b", "16", "-c", "1", "-r", rate, "-");
    }

    /// <summary>The first available recorder of raw s16le mono at <paramref name="sampleRate"/> (REHEARSE_RECORD_COMMAND first).</summary>
    public static AudioTool? FindRecorder(int sampleRate)
    {
        var rate = sampleRate.ToString(CultureInfo.InvariantCulture);
        return FromEnvironment("REHEARSE_RECORD_COMMAND", rate)
            ?? Find("arecord", "-q", "-t", "raw", "-f", "S16_LE", "-c", "1", "-r", rate)
            ?? Find("parec", "--raw", "--format=s16le", "--channels=1", $"--rate={rate}")
            ?? Find("rec", "-q", "-t", "raw", "-e", "signed-integer", "-b", "16", "-c", "1", "-r", rate, "-");
    }

    /// <summary>Starts the program with its standard streams redirected; standard error is kept for messages.</summary>
    public RunningAudioTool Start()
    {
        var start = new ProcessStartInfo(FileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in Arguments)
        {
            start.ArgumentList.Add(argument);
        }
        return new RunningAudioTool(this, Process.Start(start) ?? throw new InvalidOperationException($"{Name} did not start"));
    }

    private static AudioTool? FromEnvironment(string variable, string rate)
    {
        var command = Environment.GetEnvironmentVariable(variable);
        return string.IsNullOrWhiteSpace(command)
            ? null
            : new AudioTool(variable, "/bin/sh", ["-c", command.Replace("{rate}", rate, StringComparison.Ordinal)]);
    }

    private static AudioTool? Find(string program, params string[] arguments)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, program);
            if (File.Exists(candidate))
            {
                return new AudioTool(program, candidate, arguments);
            }
        }
        return null;
    }
}

/// <summary>A started <see cref="AudioTool"/>.</summary>
public sealed class RunningAudioTool : IDisposable
{
    private readonly StringBuilder _errors = new();
    private readonly Task _errorReader;

    internal RunningAudioTool(AudioTool tool, Process process)
    {
        Tool = tool;
        Process = process;
        _errorReader = Task.Run(async () =>
        {
            while (await process.StandardError.ReadLineAsync() is { } line)
            {
                lock (_errors)
                {
                    _errors.Clear().Append(line.Trim()); // the last line says what went wrong
                }
            }
        });
    }

    /// <summary>The tool.</summary>
    public AudioTool Tool { get; }

    /// <summary>The process.</summary>
    public Process Process { get; }

    /// <summary>The last line the program wrote to standard error.</summary>
    public string LastError
    {
        get
        {
            _errorReader.Wait(TimeSpan.FromMilliseconds(200));
            lock (_errors)
            {
                return _errors.Length > 0 ? _errors.ToString() : $"exited with code {(Process.HasExited ? Process.ExitCode : -1)}";
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            if (!Process.HasExited)
            {
                Process.Kill();
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
        Process.Dispose();
    }
}
