using System.Diagnostics;

namespace Rehearse.Testing;

/// <summary>
/// Speech made at test time with the <c>espeak-ng</c> command (installed by the setup scripts), for tests that must
/// run without the shared recordings. Robotic speech: recognizers handle short sentences well, long runs poorly.
/// </summary>
public static class SpokenText
{
    /// <summary>A WAV file (16-bit mono, 22,050 Hz) of <paramref name="text"/> read by espeak-ng's US English voice.</summary>
    /// <exception cref="InvalidOperationException">espeak-ng is not installed or failed.</exception>
    public static byte[] Wav(string text, int wordsPerMinute = 130)
    {
        // A file rather than --stdout: on a pipe espeak-ng cannot go back to write the real data length.
        var path = Path.Combine(Path.GetTempPath(), $"rehearse-espeak-{Guid.NewGuid():N}.wav");
        try
        {
            Run(text, wordsPerMinute, path);
            return File.ReadAllBytes(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static void Run(string text, int wordsPerMinute, string path)
    {
        var start = new ProcessStartInfo("espeak-ng")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-v", "en-us", "-s", wordsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture), "-w", path, text })
        {
            start.ArgumentList.Add(argument);
        }
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("espeak-ng did not start.");
        }
        catch (System.ComponentModel.Win32Exception error)
        {
            throw new InvalidOperationException("espeak-ng is not installed (apt-get install espeak-ng; scripts/setup does it).", error);
        }
        using (process)
        {
            var errors = process.StandardError.ReadToEndAsync();
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"espeak-ng failed ({process.ExitCode}): {errors.Result}");
            }
        }
    }
}
