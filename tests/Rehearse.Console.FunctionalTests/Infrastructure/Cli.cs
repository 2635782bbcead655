using System.Diagnostics;

namespace Rehearse.Console.FunctionalTests.Infrastructure;

/// <summary>
/// Runs the built rehearse command as a process with redirected streams (so its output is the plain, script-facing
/// form), in a home directory of its own, without any REHEARSE_* settings from the test environment.
/// </summary>
public sealed class Cli : IDisposable
{
    private static readonly string[] InheritedSettings = ["REHEARSE_SPEECH_URL", "REHEARSE_INTERVIEW_URL", "REHEARSE_API_KEY", "NO_COLOR"];

    /// <summary>A CLI whose configuration (API key file) lives in a fresh temporary home.</summary>
    public Cli()
    {
        Home = Directory.CreateTempSubdirectory("rehearse-cli-home-").FullName;
    }

    /// <summary>Removes the temporary home and whatever the runs left in it.</summary>
    public void Dispose()
    {
        try
        {
            Directory.Delete(Home, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    /// <summary>The home directory of the runs.</summary>
    public string Home { get; }

    /// <summary>The working directory of the runs (the home directory).</summary>
    public string WorkingDirectory => Home;

    /// <summary>Runs <c>rehearse args...</c> and waits for it to end.</summary>
    public async Task<CliResult> RunAsync(IEnumerable<string> args, byte[]? stdin = null, IDictionary<string, string>? environment = null,
        TimeSpan? timeout = null)
    {
        using var process = Start(args, environment);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.BaseStream.WriteAsync(stdin);
        }
        process.StandardInput.Close();
        using var limit = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"rehearse {string.Join(' ', args)} did not finish; stderr so far:\n{await stderr}");
        }
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Runs <c>rehearse args...</c> with no input.</summary>
    public Task<CliResult> RunAsync(params string[] args) => RunAsync(args, stdin: null);

    /// <summary>Starts <c>rehearse args...</c> with all three streams redirected.</summary>
    public Process Start(IEnumerable<string> args, IDictionary<string, string>? environment = null, bool interruptible = false)
    {
        // A process started in the background by a non-interactive shell inherits SIGINT ignored, and .NET then leaves
        // it ignored (as it should); a test of Ctrl-C runs the client with the signal's default action restored.
        var start = new ProcessStartInfo(interruptible ? "env" : "dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = WorkingDirectory,
        };
        if (interruptible)
        {
            start.ArgumentList.Add("--default-signal=INT");
            start.ArgumentList.Add("dotnet");
        }
        start.ArgumentList.Add(BuiltPrograms.Cli);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var (name, value) in Environment(environment))
        {
            start.Environment[name] = value;
        }
        foreach (var name in InheritedSettings.Where(n => environment?.ContainsKey(n) != true))
        {
            start.Environment.Remove(name);
        }
        return Process.Start(start)!;
    }

    /// <summary>The environment of a run: the temporary home plus <paramref name="extra"/>.</summary>
    public IEnumerable<KeyValuePair<string, string>> Environment(IDictionary<string, string>? extra = null)
    {
        yield return new("HOME", Home);
        yield return new("XDG_CONFIG_HOME", Path.Combine(Home, ".config"));
        yield return new("DOTNET_NOLOGO", "1");
        foreach (var pair in extra ?? new Dictionary<string, string>())
        {
            yield return pair;
        }
    }
}
