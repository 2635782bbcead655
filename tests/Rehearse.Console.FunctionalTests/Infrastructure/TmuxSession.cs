using System.Diagnostics;

namespace Rehearse.Console.FunctionalTests.Infrastructure;

/// <summary>
/// A command running in a detached tmux session on a private tmux server: a real terminal whose screen a test reads
/// (capture-pane) and types into (send-keys).
/// </summary>
public sealed class TmuxSession : IAsyncDisposable
{
    private readonly string _socket = $"rehearse-tests-{Guid.NewGuid():N}";
    private const string Name = "practice";

    private TmuxSession()
    {
    }

    /// <summary>Skips the test when tmux is not installed.</summary>
    public static void RequireTmux()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        if (!path.Split(':').Any(directory => File.Exists(Path.Combine(directory, "tmux"))))
        {
            Assert.Skip("tmux is not installed (scripts/lib/setup.sh installs it; or apt-get install tmux).");
        }
    }

    /// <summary>Starts <paramref name="arguments"/> (run through sh) in a 120x45 terminal; its exit code is printed when it ends.</summary>
    public static async Task<TmuxSession> StartAsync(string workingDirectory, IEnumerable<KeyValuePair<string, string>> environment, params string[] arguments)
    {
        var session = new TmuxSession();
        var command = string.Join(' ', arguments.Select(Quote)) + "; echo \"[exit $?]\"; sleep 600";
        var tmux = new List<string> { "new-session", "-d", "-s", Name, "-x", "120", "-y", "45", "-c", workingDirectory };
        foreach (var (key, value) in environment)
        {
            tmux.Add("-e");
            tmux.Add($"{key}={value}");
        }
        tmux.Add("-e");
        tmux.Add("TERM=xterm-256color");
        tmux.Add(command);
        await session.TmuxAsync(tmux);
        return session;
    }

    /// <summary>The visible screen.</summary>
    public Task<string> ScreenAsync() => TmuxAsync(["capture-pane", "-p", "-t", Name]);

    /// <summary>Everything printed so far, the lines scrolled off the top included (a long report scrolls).</summary>
    public Task<string> HistoryAsync() => TmuxAsync(["capture-pane", "-p", "-S", "-", "-t", Name]);

    /// <summary>Waits until the screen shows <paramref name="text"/>, and returns the screen.</summary>
    public async Task<string> WaitForAsync(string text, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        var screen = "";
        while (clock.Elapsed < timeout)
        {
            screen = await ScreenAsync();
            if (screen.Contains(text, StringComparison.Ordinal))
            {
                return screen;
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"The screen did not show '{text}' within {timeout.TotalSeconds:0} s. It shows:\n{screen}");
    }

    /// <summary>Types keys (tmux key names, e.g. "Enter", or literal text).</summary>
    public Task SendKeysAsync(params string[] keys) => TmuxAsync(["send-keys", "-t", Name, .. keys]);

    /// <summary>Types text literally, then Enter.</summary>
    public async Task TypeLineAsync(string text)
    {
        await TmuxAsync(["send-keys", "-t", Name, "-l", text]);
        await SendKeysAsync("Enter");
    }

    private async Task<string> TmuxAsync(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("tmux") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-L");
        start.ArgumentList.Add(_socket);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"tmux {string.Join(' ', arguments)}: {errors}");
    }

    private static string Quote(string argument) => "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            await TmuxAsync(["kill-server"]);
        }
        catch (InvalidOperationException)
        {
            // the server is already gone
        }
    }
}
