using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Rehearse.Speech.Synthesis.Phonemes;

/// <summary>
/// A warm pool of long-lived espeak-ng processes for one espeak-ng voice. A caller borrows a process for one
/// sentence (all its clauses in one exchange) and returns it; no process is started on the hot path. A process
/// that crashes, stops answering or breaks its pipes is killed and replaced, and the sentence is tried once more
/// on a fresh process. Thread-safe.
/// </summary>
public sealed class EspeakPhonemizer : IDisposable
{
    private readonly EspeakOptions _options;
    private readonly ILogger _logger;
    private readonly Channel<EspeakProcess?> _idle;
    private int _disposed;
    private int _restarts;

    /// <summary>Starts <see cref="EspeakOptions.PoolSize"/> processes for <paramref name="voice"/> and checks they answer.</summary>
    /// <exception cref="InvalidOperationException">espeak-ng cannot be started or does not know the voice.</exception>
    public EspeakPhonemizer(EspeakOptions options, string voice, ILogger<EspeakPhonemizer>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(voice);
        _options = options;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        Voice = voice;
        _idle = Channel.CreateBounded<EspeakProcess?>(options.PoolSize);
        for (var i = 0; i < options.PoolSize; i++)
        {
            _idle.Writer.TryWrite(StartChecked());
        }
    }

    /// <summary>The espeak-ng voice, e.g. <c>en-us</c>.</summary>
    public string Voice { get; }

    /// <summary>How many processes were replaced after a failure since start (for diagnostics and tests).</summary>
    public int Restarts => Volatile.Read(ref _restarts);

    /// <summary>
    /// Returns the IPA of each text (one clause each; punctuation is dropped by espeak-ng). Empty strings for
    /// texts without speakable content.
    /// </summary>
    /// <exception cref="InvalidOperationException">espeak-ng failed twice in a row on this input.</exception>
    public async Task<IReadOnlyList<string>> PhonemizeAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (texts.Count == 0)
        {
            return [];
        }
        var process = await _idle.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                process ??= Start();
                // The caller's token only bounds the wait for a process: an exchange takes milliseconds and
                // abandoning one half-way would leave the process out of step with its sentinel.
                using var timeout = new CancellationTokenSource(_options.ResponseTimeout);
                try
                {
                    return await process.PhonemizeAsync(texts, timeout.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException or OperationCanceledException)
                {
                    var reason = e is OperationCanceledException
                        ? $"no answer within {_options.ResponseTimeout.TotalSeconds:0.###} s"
                        : e.Message;
                    _logger.LogWarning("espeak-ng process {ProcessId} failed ({Reason}); starting a new one.", process.ProcessId, reason);
                    process.Dispose();
                    process = null;
                    Interlocked.Increment(ref _restarts);
                    if (attempt == 2)
                    {
                        throw new InvalidOperationException($"espeak-ng failed twice to phonemize the text: {reason}.", e);
                    }
                }
            }
        }
        finally
        {
            if (_disposed != 0)
            {
                process?.Dispose();
            }
            else
            {
                _idle.Writer.TryWrite(process);
            }
        }
    }

    /// <summary>Ends every process.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        _idle.Writer.TryComplete();
        while (_idle.Reader.TryRead(out var process))
        {
            process?.Dispose();
        }
    }

    /// <summary>Kills one idle process, as if it had crashed (used to test recovery).</summary>
    internal bool KillOneIdleProcessForTesting()
    {
        if (!_idle.Reader.TryRead(out var process) || process is null)
        {
            _idle.Writer.TryWrite(process);
            return false;
        }
        process.Kill();
        // Return the dead process: the next caller must notice and replace it.
        _idle.Writer.TryWrite(process);
        return true;
    }

    private EspeakProcess Start() => EspeakProcess.Start(_options, Voice);

    private EspeakProcess StartChecked()
    {
        var process = Start();
        try
        {
            using var timeout = new CancellationTokenSource(_options.ResponseTimeout);
            var answer = process.PhonemizeAsync(["test"], timeout.Token).GetAwaiter().GetResult();
            if (answer[0].Length == 0)
            {
                throw new IOException("it returned no phonemes for \"test\"");
            }
            return process;
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            var errors = process.Errors;
            process.Dispose();
            throw new InvalidOperationException(
                $"espeak-ng ('{_options.ExecutablePath}', voice '{Voice}') does not work: {e.Message}" +
                (errors.Length > 0 ? $" espeak-ng said: {errors}" : ""),
                e);
        }
    }
}
