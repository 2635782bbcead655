using System.Text;

namespace Rehearse.CodeRunner.Sandbox;

/// <summary>
/// Reads one output stream of a run: decodes UTF-8 (invalid bytes become U+FFFD, sequences split across reads are
/// kept whole), keeps at most the output limit, forwards text as it arrives and stops the run past the limit.
/// </summary>
internal sealed class OutputCapture(OutputKind kind, int maxBytes, Func<OutputChunk, ValueTask>? onOutput, StopSignal stop)
{
    private readonly StringBuilder _text = new();
    private readonly Decoder _decoder = new UTF8Encoding(false, throwOnInvalidBytes: false).GetDecoder();
    private int _bytes;

    public string Text => _text.ToString();

    public bool Truncated { get; private set; }

    public async Task ReadAsync(Stream stream)
    {
        var buffer = new byte[8192];
        var chars = new char[Encoding.UTF8.GetMaxCharCount(buffer.Length) + 2];
        int read;
        while ((read = await stream.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            if (Truncated)
            {
                continue; // Drain until the killed run's pipe closes.
            }
            var keep = Math.Min(read, maxBytes - _bytes);
            _bytes += keep;
            var flush = keep < read;
            var count = _decoder.GetChars(buffer, 0, keep, chars, 0, flush);
            if (count > 0)
            {
                var text = new string(chars, 0, count);
                _text.Append(text);
                if (onOutput is not null)
                {
                    await onOutput(new OutputChunk(kind, text)).ConfigureAwait(false);
                }
            }
            if (flush)
            {
                Truncated = true;
                stop.Kill(StopReason.OutputLimit);
            }
        }
        var tail = _decoder.GetChars([], 0, 0, chars, 0, flush: true);
        if (tail > 0 && !Truncated)
        {
            var text = new string(chars, 0, tail);
            _text.Append(text);
            if (onOutput is not null)
            {
                await onOutput(new OutputChunk(kind, text)).ConfigureAwait(false);
            }
        }
    }
}
