using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Rehearse.Speech.Audio;
using Rehearse.Speech.Onnx;
using Rehearse.Speech.Synthesis.Output;
using Rehearse.Speech.Synthesis.Telemetry;
using Rehearse.Speech.Synthesis.Text;
using Rehearse.Speech.Synthesis.Voices;

namespace Rehearse.Speech.Synthesis;

/// <summary>
/// One synthesis call with validated settings, holding one of the engine's stream slots until disposed.
/// Speech is produced as a pipeline: sentences are found (in a whole text, or as fragments arrive), each is
/// normalised, phonemized and synthesized in turn, and finished sentences wait in a bounded queue while the
/// caller sends the previous one's chunks, so synthesis of sentence n+1 overlaps sending sentence n. Stopping
/// the enumeration (or cancelling its token) stops the work at once, including a running inference.
/// </summary>
public sealed class SynthesisStream : IDisposable
{
    private readonly SpeechSynthesizer _engine;
    private readonly IVoiceModel _model;
    private readonly VoiceSettings _settings;
    private readonly TimeSpan _chunkDuration;
    private int _disposed;
    // When the first sentence was ready to synthesize (a Stopwatch timestamp), for the time to first audio.
    private long _firstSentenceReady;

    internal SynthesisStream(
        SpeechSynthesizer engine,
        IVoiceModel model,
        VoiceDescriptor voice,
        VoiceSettings settings,
        AudioOutputFormat format,
        TimeSpan chunkDuration)
    {
        _engine = engine;
        _model = model;
        Voice = voice;
        _settings = settings;
        Format = format;
        _chunkDuration = chunkDuration;
    }

    /// <summary>The voice speaking.</summary>
    public VoiceDescriptor Voice { get; }

    /// <summary>The format of every chunk.</summary>
    public AudioOutputFormat Format { get; }

    /// <summary>Speaks a whole text.</summary>
    /// <exception cref="SynthesisRequestException">The text is empty, too long or contains characters that are not allowed.</exception>
    public IAsyncEnumerable<SynthesisChunk> SpeakAsync(string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        _engine.ValidateText(text);
        var sentences = SentenceSplitter.Split(text, _engine.Options.MaxSentenceCharacters);
        if (sentences.Count == 0)
        {
            throw new SynthesisRequestException("text", "is empty: it has no words to speak.");
        }
        return RunAsync(
            async (writer, token) =>
            {
                foreach (var sentence in sentences)
                {
                    await writer.WriteAsync(sentence, token).ConfigureAwait(false);
                }
            },
            cancellationToken);
    }

    /// <summary>
    /// Speaks text that arrives in fragments: each sentence is spoken once it is complete; a flush, or the end of
    /// <paramref name="input"/>, speaks whatever is pending.
    /// </summary>
    /// <remarks>Fragments are validated as they arrive; an invalid one ends the enumeration with <see cref="SynthesisRequestException"/>.</remarks>
    public IAsyncEnumerable<SynthesisChunk> SpeakAsync(IAsyncEnumerable<TextInput> input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        return RunAsync(
            async (writer, token) =>
            {
                var accumulator = new SentenceAccumulator(_engine.Options.MaxSentenceCharacters);
                var received = 0;
                var spoken = 0;
                await foreach (var item in input.WithCancellation(token).ConfigureAwait(false))
                {
                    IReadOnlyList<string> ready;
                    if (item.IsFlush)
                    {
                        ready = accumulator.Flush();
                    }
                    else
                    {
                        _engine.ValidateText(item.Fragment!, received);
                        received += item.Fragment!.Length;
                        ready = accumulator.Append(item.Fragment);
                    }
                    foreach (var sentence in ready)
                    {
                        await writer.WriteAsync(sentence, token).ConfigureAwait(false);
                        spoken++;
                    }
                }
                foreach (var sentence in accumulator.Flush())
                {
                    await writer.WriteAsync(sentence, token).ConfigureAwait(false);
                    spoken++;
                }
                if (spoken == 0)
                {
                    throw new SynthesisRequestException("text", "is empty: the stream ended without words to speak.");
                }
            },
            cancellationToken);
    }

    /// <summary>Gives the stream slot back to the engine.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _engine.Release();
        }
    }

    private async IAsyncEnumerable<SynthesisChunk> RunAsync(
        Func<ChannelWriter<string>, CancellationToken, Task> produceSentences,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // Sentences are few and small (the text is limited), so their queue needs no bound; audio is bounded.
        var sentences = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var audio = Channel.CreateBounded<SentenceAudio>(new BoundedChannelOptions(_engine.Options.SentenceQueueCapacity)
        {
            SingleReader = true,
            SingleWriter = true,
        });
        var producer = Task.Run(() => CompleteWhenDone(sentences.Writer, () => produceSentences(sentences.Writer, stop.Token)), stop.Token);
        var synthesizer = Task.Run(() => CompleteWhenDone(audio.Writer, () => SynthesizeSentencesAsync(sentences.Reader, audio.Writer, stop.Token)), stop.Token);
        try
        {
            var encoder = new ChunkEncoder(Format);
            var chunkSamples = Math.Max(1, (int)Math.Round(_chunkDuration.TotalSeconds * Format.SampleRate));
            long position = 0;
            await foreach (var sentence in audio.Reader.ReadAllAsync(stop.Token).ConfigureAwait(false))
            {
                for (var start = 0; start < sentence.Samples.Length; start += chunkSamples)
                {
                    var count = Math.Min(chunkSamples, sentence.Samples.Length - start);
                    var bytes = encoder.Encode(sentence.Samples.AsSpan(start, count));
                    if (position == 0)
                    {
                        _engine.Telemetry?.FirstAudio(_firstSentenceReady);
                    }
                    yield return new SynthesisChunk(
                        bytes,
                        DurationOf(position),
                        // From the two ends, so offset + duration is exactly the next chunk's offset.
                        DurationOf(position + count) - DurationOf(position),
                        sentence.Index,
                        sentence.Text,
                        sentence.SentenceEnd && start + count >= sentence.Samples.Length);
                    position += count;
                }
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            // Their failures already reached the reader through the channels; here they only need to finish.
            await Task.WhenAll(producer, synthesizer).ContinueWith(static _ => { }, TaskScheduler.Default).ConfigureAwait(false);
            // Once per call rather than per sentence, since the next runs pay for it; before the slot is freed, so the
            // memory is back once a caller sees the slot free.
            if (_engine.Options.ReleaseMemoryAfterCall)
            {
                OnnxMemory.Release();
            }
        }
    }

    private TimeSpan DurationOf(long samples) => TimeSpan.FromTicks(samples * TimeSpan.TicksPerSecond / Format.SampleRate);

    private async Task SynthesizeSentencesAsync(ChannelReader<string> sentences, ChannelWriter<SentenceAudio> audio, CancellationToken cancellationToken)
    {
        var index = 0;
        var silence = (int)Math.Round(_engine.Options.SentenceSilence.TotalSeconds * Format.SampleRate);
        await foreach (var sentence in sentences.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            // Normalising can make a sentence several times longer (numbers, symbols and letters spelled out), so it
            // is cut again to the same bound: one inference's time to first audio and memory stay bounded.
            var pieces = SentenceSplitter.SplitLong(TextNormalizer.Normalize(sentence), _engine.Options.MaxSentenceCharacters)
                .Where(piece => SentenceSplitter.HasWords(piece, 0, piece.Length))
                .ToList();
            if (pieces.Count == 0)
            {
                continue;
            }
            if (index == 0)
            {
                _firstSentenceReady = Stopwatch.GetTimestamp();
            }
            var spoken = false;
            for (var i = 0; i < pieces.Count; i++)
            {
                var last = i == pieces.Count - 1;
                var native = await SynthesizeSentenceAsync(pieces[i], index, cancellationToken).ConfigureAwait(false);
                if (native.Length == 0)
                {
                    if (last && spoken)
                    {
                        // The sentence's end must still reach the caller; one silent sample carries it.
                        await audio.WriteAsync(new SentenceAudio(index, sentence, [0f], SentenceEnd: true), cancellationToken).ConfigureAwait(false);
                    }
                    continue;
                }
                var samples = Format.SampleRate == _model.Pack.SampleRate
                    ? native
                    : Resampler.Resample(native, _model.Pack.SampleRate, Format.SampleRate);
                if (index > 0 && !spoken && silence > 0)
                {
                    samples = [.. new float[silence], .. samples];
                }
                await audio.WriteAsync(new SentenceAudio(index, sentence, samples, last), cancellationToken).ConfigureAwait(false);
                spoken = true;
            }
            if (spoken)
            {
                index++;
            }
        }
    }

    /// <summary>One sentence's audio at the voice's own rate, measured and traced.</summary>
    private async Task<float[]> SynthesizeSentenceAsync(string normalized, int index, CancellationToken cancellationToken)
    {
        using var span = SynthesisTelemetry.Source.StartActivity("speech.synthesis.sentence");
        span?.SetTag("rehearse.speech.sentence_index", index);
        span?.SetTag("rehearse.speech.characters", normalized.Length);
        var started = Stopwatch.GetTimestamp();
        var native = await _model.SynthesizeAsync(normalized, Voice, _settings, cancellationToken).ConfigureAwait(false);
        var audio = TimeSpan.FromSeconds((double)native.Length / _model.Pack.SampleRate);
        _engine.Telemetry?.SentenceSynthesized(Stopwatch.GetElapsedTime(started), audio);
        span?.SetTag("rehearse.speech.audio_seconds", audio.TotalSeconds);
        return native;
    }

    private static async Task CompleteWhenDone<T>(ChannelWriter<T> writer, Func<Task> work)
    {
        try
        {
            await work().ConfigureAwait(false);
            writer.TryComplete();
        }
        catch (Exception e)
        {
            writer.TryComplete(e);
        }
    }

    private sealed record SentenceAudio(int Index, string Text, float[] Samples, bool SentenceEnd);
}
