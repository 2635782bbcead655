using System.Diagnostics;
using System.Text;

namespace Rehearse.Speech.Synthesis.Phonemes;

/// <summary>
/// One long-lived <c>espeak-ng -q --ipa</c> process in line mode: each line written to its input is phonemized
/// and its IPA written back as one or more lines (one per clause espeak-ng sees). Because the number of output
/// lines per input line varies (and can be zero text), every input line is followed by a sentinel line written
/// in espeak-ng's phoneme-input notation, <c>[[h h h h h h h h]]</c>, whose output <c>h h h h h h h h</c> no
/// English text produces; reading up to the sentinel's output delimits the answer. Square brackets are removed
/// from the text so it cannot contain phoneme input of its own.
/// </summary>
internal sealed class EspeakProcess : IDisposable
{
    private const string SentinelInput = "[[h h h h h h h h]]";
    private const string SentinelOutput = "h h h h h h h h";

    // espeak-ng reads a line in pieces of at most 1,000 bytes and would cut words at that point; longer text is
    // sent as several lines, cut at spaces.
    private const int MaxLineCharacters = 300;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly Process _process;
    private readonly StringBuilder _errors = new();

    private EspeakProcess(Process process)
    {
        _process = process;
    }

    /// <summary>True once the process has ended (it crashed or was killed).</summary>
    public bool HasExited
    {
        get
        {
            try
            {
                return _process.HasExited;
            }
            catch (InvalidOperationException)
            {
                return true;
            }
        }
    }

    /// <summary>The operating-system process id.</summary>
    public int ProcessId => _process.Id;

    /// <summary>What the process wrote to standard error (for diagnostics).</summary>
    public string Errors
    {
        get
        {
            lock (_errors)
            {
                return _errors.ToString().Trim();
            }
        }
    }

    /// <summary>Starts a process for the espeak-ng voice <paramref name="voice"/> (e.g. <c>en-us</c>).</summary>
    /// <exception cref="InvalidOperationException">The executable could not be started.</exception>
    public static EspeakProcess Start(EspeakOptions options, string voice)
    {
        var startInfo = new ProcessStartInfo(options.ExecutablePath)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = Utf8,
            StandardOutputEncoding = Utf8,
            StandardErrorEncoding = Utf8,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        startInfo.ArgumentList.Add("-q");
        startInfo.ArgumentList.Add("--ipa");
        startInfo.ArgumentList.Add("-v");
        startInfo.ArgumentList.Add(voice);
        if (!string.IsNullOrWhiteSpace(options.DataPath))
        {
            startInfo.ArgumentList.Add("--path=" + options.DataPath);
        }
        Process process;
        try
        {
            process = Process.Start(startInfo)
                ?? throw new InvalidOperationException($"'{options.ExecutablePath}' did not start.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException(
                $"Speech:Synthesis:Espeak:ExecutablePath '{options.ExecutablePath}' could not be started ({e.Message}). " +
                "Install espeak-ng (Debian/Ubuntu: apt-get install espeak-ng) or point the option at the executable.",
                e);
        }
        var espeak = new EspeakProcess(process);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (espeak._errors)
                {
                    espeak._errors.AppendLine(e.Data);
                }
            }
        };
        process.BeginErrorReadLine();
        return espeak;
    }

    /// <summary>
    /// Phonemizes each text (one clause each, without line breaks) and returns its IPA, clauses espeak-ng found
    /// inside it joined with a space. Text without speakable content gives an empty string.
    /// </summary>
    /// <exception cref="IOException">The process ended or its pipes broke.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired (the process is then unusable).</exception>
    public async Task<IReadOnlyList<string>> PhonemizeAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        var lines = texts.Select(text => SplitIntoLines(Sanitize(text))).ToList();
        var request = new StringBuilder();
        foreach (var line in lines.SelectMany(pieces => pieces))
        {
            request.Append(line).Append('\n').Append(SentinelInput).Append('\n');
        }
        // Write while reading, so a large answer can never fill the output pipe while the input is still being sent.
        var write = WriteAsync(request.ToString(), cancellationToken);
        var results = new List<string>(texts.Count);
        var answer = new StringBuilder();
        foreach (var pieces in lines)
        {
            answer.Clear();
            for (var piece = 0; piece < pieces.Count; piece++)
            {
                while (true)
                {
                    var output = await _process.StandardOutput.ReadLineAsync(cancellationToken).ConfigureAwait(false)
                        ?? throw new IOException($"espeak-ng ended unexpectedly. {Errors}".Trim());
                    output = output.Trim();
                    if (output == SentinelOutput)
                    {
                        break;
                    }
                    if (output.Length > 0)
                    {
                        if (answer.Length > 0)
                        {
                            answer.Append(' ');
                        }
                        answer.Append(output);
                    }
                }
            }
            results.Add(answer.ToString());
        }
        await write.ConfigureAwait(false);
        return results;
    }

    /// <summary>Ends the operating-system process but keeps this object (its next exchange fails).</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit(1000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    /// <summary>Ends the process.</summary>
    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private async Task WriteAsync(string request, CancellationToken cancellationToken)
    {
        try
        {
            await _process.StandardInput.WriteAsync(request.AsMemory(), cancellationToken).ConfigureAwait(false);
            await _process.StandardInput.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException and not IOException)
        {
            throw new IOException("Writing to espeak-ng failed.", e);
        }
    }

    // One line of plain text: no line breaks, no control characters, no phoneme-input brackets.
    internal static string Sanitize(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(c is '[' or ']' || char.IsControl(c) ? ' ' : c);
        }
        return builder.ToString().Trim();
    }

    internal static List<string> SplitIntoLines(string text)
    {
        var lines = new List<string>();
        var rest = text;
        while (rest.Length > MaxLineCharacters)
        {
            var cut = rest.LastIndexOf(' ', MaxLineCharacters);
            if (cut <= 0)
            {
                cut = MaxLineCharacters;
            }
            lines.Add(rest[..cut]);
            rest = rest[cut..].TrimStart();
        }
        lines.Add(rest);
        return lines;
    }
}
