using System.Diagnostics;
using Rehearse.Console.FunctionalTests.Infrastructure;
using Rehearse.Testing;

namespace Rehearse.Console.FunctionalTests;

/// <summary>Mistakes, unreachable services and interruptions end with the documented exit code and one line.</summary>
public sealed class CommandLineErrorTests : IDisposable
{
    private readonly Cli _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task An_unknown_option_is_a_usage_error()
    {
        var result = await _cli.RunAsync("transcribe", "--frobnicate", "a.wav");

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith("rehearse: usage: ", line);
        Assert.Contains("--frobnicate", line);
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public async Task A_misspelt_command_is_a_usage_error_suggesting_the_command()
    {
        var misspelt = await _cli.RunAsync("transcibe", "a.wav");
        var misspeltSubcommand = await _cli.RunAsync("sessions", "lsit");
        var unknown = await _cli.RunAsync("frobnicate");

        Assert.Equal(2, misspelt.ExitCode);
        Assert.Contains("Did you mean 'transcribe'?", Assert.Single(misspelt.ErrorLines));
        Assert.Equal(2, misspeltSubcommand.ExitCode);
        Assert.Contains("Did you mean 'list'?", Assert.Single(misspeltSubcommand.ErrorLines));
        Assert.Equal(2, unknown.ExitCode);
        Assert.DoesNotContain("Did you mean", Assert.Single(unknown.ErrorLines));
    }

    [Fact]
    public async Task A_missing_command_or_argument_is_a_usage_error()
    {
        var noCommand = await _cli.RunAsync();
        var noFile = await _cli.RunAsync("transcribe");
        var badFormat = await _cli.RunAsync("transcribe", "--format", "docx", "a.wav");
        var badUrl = await _cli.RunAsync("voices", "--speech", "not a url");

        foreach (var result in new[] { noCommand, noFile, badFormat, badUrl })
        {
            Assert.True(result.ExitCode == 2, result.ToString());
            Assert.StartsWith("rehearse: usage: ", Assert.Single(result.ErrorLines));
        }
        Assert.Contains("--speech", badUrl.Stderr);
        Assert.Contains("--format: ", badFormat.Stderr);
    }

    [Fact]
    public async Task An_unknown_patience_is_a_usage_error_naming_the_choices()
    {
        // Refused before anything is contacted: no service is running for this test.
        var result = await _cli.RunAsync("practice", "--typed", "--patience", "sloppy");

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith("rehearse: usage: --patience: ", line);
        foreach (var expected in new[] { "sloppy", "relaxed", "normal", "brisk" })
        {
            Assert.Contains(expected, line);
        }
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public async Task Practice_help_documents_the_patience_choices()
    {
        var help = await _cli.RunAsync("practice", "--help");

        Assert.Equal(0, help.ExitCode);
        Assert.Contains("--patience <relaxed|normal|brisk>", help.Stdout);
    }

    [Fact]
    public async Task Help_is_available_on_every_command()
    {
        foreach (var command in new[] { new[] { "--help" }, ["transcribe", "--help"], ["say", "--help"], ["voices", "--help"],
                     ["practice", "--help"], ["sessions", "--help"], ["sessions", "export", "--help"] })
        {
            var result = await _cli.RunAsync(command);
            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Contains("Usage:", result.Stdout);
        }
    }

    [Fact]
    public async Task An_unreachable_service_exits_3_naming_the_service_and_address()
    {
        var port = LoopbackPorts.Free();
        var speech = await _cli.RunAsync("voices", "--speech", $"http://127.0.0.1:{port}");
        var interview = await _cli.RunAsync(["sessions", "list"], environment: new Dictionary<string, string>
        {
            ["REHEARSE_INTERVIEW_URL"] = $"http://127.0.0.1:{port}",
        });

        Assert.Equal(3, speech.ExitCode);
        Assert.Equal($"rehearse: UNAVAILABLE: cannot reach the Speech service at http://127.0.0.1:{port} (Connection refused)", Assert.Single(speech.ErrorLines));
        Assert.Equal(3, interview.ExitCode);
        Assert.StartsWith($"rehearse: UNAVAILABLE: cannot reach the Interview service at http://127.0.0.1:{port}", Assert.Single(interview.ErrorLines));
    }

    [Fact]
    public async Task A_missing_or_unreadable_file_exits_5()
    {
        var notWav = Path.Combine(_cli.Home, "notes.txt");
        await File.WriteAllTextAsync(notWav, "not audio at all", TestContext.Current.CancellationToken);

        var missing = await _cli.RunAsync("transcribe", "missing.wav");
        var notAudio = await _cli.RunAsync("transcribe", notWav);
        var missingText = await _cli.RunAsync("say", "--file", "missing.txt", "--out", "x.wav");

        Assert.Equal(5, missing.ExitCode);
        Assert.StartsWith("rehearse: file: missing.wav: ", Assert.Single(missing.ErrorLines));
        Assert.Equal(5, notAudio.ExitCode);
        Assert.Contains("not a WAV file", Assert.Single(notAudio.ErrorLines));
        Assert.Equal(5, missingText.ExitCode);
    }

    [Fact]
    public async Task Ctrl_C_exits_130()
    {
        // 'say' waits for its text on standard input, which stays open until the interrupt.
        using var process = _cli.Start(["say", "--out", "x.wav"], interruptible: true);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await WaitUntilReadingStandardInputAsync(process, TimeSpan.FromSeconds(60));
        using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(TestContext.Current.CancellationToken);
        }
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(limit.Token);

        Assert.Equal(130, process.ExitCode);
        Assert.Equal("rehearse: interrupted", (await stderr).Trim());
        Assert.False(File.Exists(Path.Combine(_cli.Home, "x.wav")));
    }

    /// <summary>
    /// Waits until a thread of <paramref name="process"/> is blocked reading its standard input: the command is then
    /// past start-up, its interrupt handling in place. A signal sent after a fixed delay could, on a busy machine,
    /// reach a process still starting. Linux shows a thread in read(2) as "0 FD ..." in /proc/PID/task/TID/syscall;
    /// .NET reads a duplicate of descriptor 0, so the descriptor is matched by what it is open on (the test's pipe).
    /// Where /proc cannot be read, the wait ends at <paramref name="limit"/>.
    /// </summary>
    private static async Task WaitUntilReadingStandardInputAsync(Process process, TimeSpan limit)
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < limit && !process.HasExited)
        {
            try
            {
                var proc = $"/proc/{process.Id}";
                var standardInput = new FileInfo($"{proc}/fd/0").LinkTarget;
                foreach (var task in Directory.EnumerateDirectories($"{proc}/task"))
                {
                    var call = File.ReadAllText(Path.Combine(task, "syscall")).Split(' ');
                    if (call is ["0", var fd, ..]
                        && new FileInfo($"{proc}/fd/{Convert.ToInt32(fd, 16)}").LinkTarget is { } target
                        && target == standardInput)
                    {
                        return;
                    }
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A thread ended while being read, or the file is not readable here.
            }
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }
}
