using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using Rehearse.Speech.Onnx;
using Rehearse.Speech.Synthesis.Phonemes;
using Rehearse.Speech.Synthesis.Voices;

namespace Rehearse.Speech.Synthesis.Piper;

/// <summary>
/// A Piper/VITS voice on ONNX Runtime. Inputs <c>input</c> i64 [1, T] (phoneme ids), <c>input_lengths</c> i64 [1],
/// <c>scales</c> f32 [3] = [noise_scale, length_scale, noise_w] and, for multi-speaker models, <c>sid</c> i64 [1];
/// output <c>output</c> f32 [1, 1, 1, samples]. Text is phonemized clause by clause (espeak-ng drops punctuation)
/// and each clause's punctuation is appended again, as Piper does, so the voice pauses and inflects at it.
/// One <see cref="InferenceSession"/> is created at load and shared by every request.
/// </summary>
public sealed class PiperVoiceModel : IVoiceModel
{
    // Punctuation the voice has ids for and uses for pauses; text is cut into clauses after each run of it.
    private const string ClausePunctuation = ",.;:!?";

    private readonly InferenceSession _session;
    private readonly EspeakPhonemizer _phonemizer;
    private readonly PhonemeIdMap _ids;
    private readonly ILogger _logger;
    private readonly bool _hasSpeakerInput;
    private readonly string _outputName;

    /// <summary>Loads the model and its phoneme table; the phonemizer is owned by the model from then on.</summary>
    public PiperVoiceModel(
        VoicePackDescription pack,
        string modelsDirectory,
        EspeakPhonemizer phonemizer,
        int intraOpNumThreads,
        ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(pack);
        ArgumentNullException.ThrowIfNull(phonemizer);
        Pack = pack;
        _phonemizer = phonemizer;
        _logger = logger;
        _ids = PhonemeIdMap.Load(VoicePackDescription.ResolvePath(pack.Tokens, modelsDirectory));
        using var options = new OnnxSessionSettings(intraOpNumThreads).CreateSessionOptions();
        _session = new InferenceSession(VoicePackDescription.ResolvePath(pack.Model, modelsDirectory), options);
        foreach (var input in new[] { "input", "input_lengths", "scales" })
        {
            if (!_session.InputMetadata.ContainsKey(input))
            {
                throw new InvalidDataException($"Voice pack '{pack.Id}': the model has no '{input}' input; it is not a Piper/VITS model.");
            }
        }
        _hasSpeakerInput = _session.InputMetadata.ContainsKey("sid");
        _outputName = _session.OutputMetadata.Keys.First();
        SpeakerCount = _hasSpeakerInput ? pack.SpeakerCount : 1;
        var metadata = _session.ModelMetadata.CustomMetadataMap;
        if (metadata.TryGetValue("sample_rate", out var rate) && rate != pack.SampleRate.ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            throw new InvalidDataException($"Voice pack '{pack.Id}' says sampleRate {pack.SampleRate} but the model says {rate}.");
        }
        Voices = pack.Voices.Select(pack.Describe).ToList();
    }

    /// <inheritdoc />
    public VoicePackDescription Pack { get; }

    /// <inheritdoc />
    public IReadOnlyList<VoiceDescriptor> Voices { get; }

    /// <inheritdoc />
    public int SpeakerCount { get; }

    /// <summary>Cuts normalised text into clauses, each with the punctuation that ended it (possibly none).</summary>
    public static IReadOnlyList<(string Text, string Punctuation)> SplitClauses(string text)
    {
        var clauses = new List<(string, string)>();
        var start = 0;
        var i = 0;
        while (i < text.Length)
        {
            if (ClausePunctuation.Contains(text[i], StringComparison.Ordinal))
            {
                var clause = text[start..i].Trim();
                var punctuation = new StringBuilder();
                while (i < text.Length && (ClausePunctuation.Contains(text[i], StringComparison.Ordinal) || text[i] == ' '))
                {
                    if (text[i] != ' ')
                    {
                        punctuation.Append(text[i]);
                    }
                    i++;
                }
                if (clause.Length > 0)
                {
                    // One mark is enough for the voice: "?!" and "..." keep their first.
                    clauses.Add((clause, punctuation.ToString(0, 1)));
                }
                start = i;
                continue;
            }
            i++;
        }
        var last = text[start..].Trim();
        if (last.Length > 0)
        {
            clauses.Add((last, ""));
        }
        return clauses;
    }

    /// <summary>The phoneme string the voice is given for <paramref name="normalizedText"/>.</summary>
    public async Task<string> PhonemizeAsync(string normalizedText, CancellationToken cancellationToken)
    {
        var clauses = SplitClauses(normalizedText);
        var phonemes = await _phonemizer.PhonemizeAsync(clauses.Select(c => c.Text).ToList(), cancellationToken).ConfigureAwait(false);
        var builder = new StringBuilder();
        for (var i = 0; i < clauses.Count; i++)
        {
            if (phonemes[i].Length == 0)
            {
                continue;
            }
            if (builder.Length > 0)
            {
                builder.Append(' ');
            }
            builder.Append(phonemes[i]).Append(clauses[i].Punctuation);
        }
        return builder.ToString();
    }

    /// <inheritdoc />
    public async Task<float[]> SynthesizeAsync(string normalizedText, VoiceDescriptor voice, VoiceSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(voice);
        ArgumentNullException.ThrowIfNull(settings);
        var phonemes = await PhonemizeAsync(normalizedText, cancellationToken).ConfigureAwait(false);
        var ids = _ids.Encode(phonemes, out var skipped);
        if (skipped > 0)
        {
            _logger.LogDebug("Voice pack {Pack}: skipped {Count} phoneme(s) it has no id for.", Pack.Id, skipped);
        }
        if (ids.Length <= 3)
        {
            return [];
        }
        cancellationToken.ThrowIfCancellationRequested();
        return await Task.Run(() => Infer(ids, voice.Speaker, Scales(settings), cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Releases the session and ends the phonemizer's processes.</summary>
    public void Dispose()
    {
        _session.Dispose();
        _phonemizer.Dispose();
    }

    private float[] Scales(VoiceSettings settings)
    {
        var share = Pack.FixedDurationShare;
        var lengthScale = Pack.LengthScale * Math.Max(0.1f, (1f / settings.SpeakingRate - share) / (1f - share));
        if (settings.Variation is not { } variation)
        {
            return [Pack.NoiseScale, lengthScale, Pack.NoiseW];
        }
        // Variation v sets the noise scale to v and keeps the pack's ratio of noise width to noise scale, so
        // v equal to the pack's noise scale reproduces its defaults.
        var widthRatio = Pack.NoiseScale > 0 ? Pack.NoiseW / Pack.NoiseScale : 1f;
        return [variation, lengthScale, variation * widthRatio];
    }

    private float[] Infer(long[] ids, int speaker, float[] scales, CancellationToken cancellationToken)
    {
        using var runOptions = new RunOptions();
        // A cancelled request stops the running inference instead of finishing the sentence.
        using var registration = cancellationToken.Register(() => runOptions.Terminate = true);
        var names = new List<string> { "input", "input_lengths", "scales" };
        using var input = OrtValue.CreateTensorValueFromMemory(ids, [1, ids.Length]);
        using var lengths = OrtValue.CreateTensorValueFromMemory(new long[] { ids.Length }, [1]);
        using var scaleValue = OrtValue.CreateTensorValueFromMemory(scales, [3]);
        var values = new List<OrtValue> { input, lengths, scaleValue };
        using var speakerValue = _hasSpeakerInput ? OrtValue.CreateTensorValueFromMemory(new long[] { speaker }, [1]) : null;
        if (speakerValue is not null)
        {
            names.Add("sid");
            values.Add(speakerValue);
        }
        try
        {
            using var outputs = _session.Run(runOptions, names, values, [_outputName]);
            return outputs[0].GetTensorDataAsSpan<float>().ToArray();
        }
        catch (OnnxRuntimeException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
    }
}
