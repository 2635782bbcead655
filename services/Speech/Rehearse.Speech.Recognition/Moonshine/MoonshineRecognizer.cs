using System.Buffers;
using System.Numerics.Tensors;
using Microsoft.ML.OnnxRuntime;
using Rehearse.Speech.Onnx;
using Rehearse.Speech.Recognition.Engine;

namespace Rehearse.Speech.Recognition.Moonshine;

/// <summary>
/// Moonshine speech-to-text: an int8 encoder over the raw 16 kHz waveform and a merged decoder with a key/value
/// cache, decoded greedily. The two ONNX sessions are created once and shared by all callers.
/// </summary>
public sealed class MoonshineRecognizer : ISpeechRecognizer, IDisposable
{
    /// <summary>Shortest input the encoder's convolutions accept (≈56 ms); shorter audio is zero-padded to it.</summary>
    public const int MinimumSamples = 895;

    private const int SampleRate = 16_000;
    private const string PastPrefix = "past_key_values.";
    private const string PresentPrefix = "present.";

    private readonly InferenceSession _encoder;
    private readonly InferenceSession _decoder;
    private readonly MoonshineVocabulary _vocabulary;
    private readonly MoonshineDecodingLimits _limits;
    private readonly string[] _pastNames;
    private readonly string[] _presentNames;
    private readonly long[][] _pastShapes;
    private readonly int[] _decoderPastIndexes;
    private readonly string[] _stepInputNames;
    private readonly string[] _firstStepOutputNames;
    private readonly string[] _laterStepOutputNames;

    private MoonshineRecognizer(string modelName, InferenceSession encoder, InferenceSession decoder,
        MoonshineVocabulary vocabulary, MoonshineDecodingLimits limits)
    {
        ModelName = modelName;
        _encoder = encoder;
        _decoder = decoder;
        _vocabulary = vocabulary;
        _limits = limits;

        // Layer count, heads and head size come from the model itself, so tiny and base share this code.
        _pastNames = [.. decoder.InputMetadata.Keys.Where(name => name.StartsWith(PastPrefix, StringComparison.Ordinal))];
        _presentNames = [.. _pastNames.Select(name => PresentPrefix + name[PastPrefix.Length..])];
        var missing = _presentNames.Where(name => !decoder.OutputMetadata.ContainsKey(name)).ToList();
        if (_pastNames.Length == 0 || missing.Count > 0)
        {
            throw new InvalidDataException(
                $"The {modelName} decoder does not have the expected key/value cache inputs and outputs (missing: {string.Join(", ", missing)}).");
        }
        _pastShapes = [.. _pastNames.Select(name =>
        {
            var dimensions = decoder.InputMetadata[name].Dimensions;
            return new long[] { 1, dimensions[1], 0, dimensions[3] };
        })];
        _decoderPastIndexes = [.. Enumerable.Range(0, _pastNames.Length).Where(i => _pastNames[i].Contains(".decoder.", StringComparison.Ordinal))];
        _stepInputNames = ["input_ids", "encoder_hidden_states", "use_cache_branch", .. _pastNames];
        _firstStepOutputNames = ["logits", .. _presentNames];
        _laterStepOutputNames = ["logits", .. _decoderPastIndexes.Select(i => _presentNames[i])];
    }

    /// <inheritdoc />
    public string ModelName { get; }

    /// <summary>
    /// Loads <c>encoder_model.onnx</c> and <c>decoder_model_merged.onnx</c> from <paramref name="modelDirectory"/>.
    /// </summary>
    public static MoonshineRecognizer Load(string modelName, string modelDirectory, MoonshineVocabulary vocabulary,
        OnnxSessionSettings sessionSettings, MoonshineDecodingLimits limits)
    {
        var encoderPath = Path.Combine(modelDirectory, "encoder_model.onnx");
        var decoderPath = Path.Combine(modelDirectory, "decoder_model_merged.onnx");
        foreach (var path in new[] { encoderPath, decoderPath })
        {
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"The {modelName} model file '{path}' is missing. Fetch the models with scripts/lib/models.sh.", path);
            }
        }
        using var options = sessionSettings.CreateSessionOptions();
        var encoder = new InferenceSession(encoderPath, options);
        try
        {
            var decoder = new InferenceSession(WeightDequantizer.Fold(File.ReadAllBytes(decoderPath)).Model, options);
            // The rewrite held the model three times over in managed memory; give it back to the system now rather
            // than keep it resident for the life of the process.
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            return new MoonshineRecognizer(modelName, encoder, decoder, vocabulary, limits);
        }
        catch
        {
            encoder.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public Transcript Transcribe(ReadOnlySpan<float> samples, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var input = new float[Math.Max(samples.Length, MinimumSamples)];
        samples.CopyTo(input);
        var maxTokens = _limits.MaxTokensFor(TimeSpan.FromSeconds((double)samples.Length / SampleRate));

        using var runOptions = new RunOptions();
        // Terminate makes a running session return at its next check, so a cancelled call stops at once.
        using var registration = cancellationToken.Register(() => runOptions.Terminate = true);
        try
        {
            return Decode(input, maxTokens, runOptions);
        }
        catch (OnnxRuntimeException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _encoder.Dispose();
        _decoder.Dispose();
    }

    private Transcript Decode(float[] samples, int maxTokens, RunOptions runOptions)
    {
        using var audio = OrtValue.CreateTensorValueFromMemory(samples, [1, samples.Length]);
        using var encoderOutputs = _encoder.Run(runOptions, ["input_values"], [audio], ["last_hidden_state"]);
        var hiddenStates = encoderOutputs[0];

        var tokens = new List<int>(maxTokens);
        var tokenId = new long[] { MoonshineVocabulary.StartToken };
        var useCache = new bool[] { false };
        using var tokenValue = OrtValue.CreateTensorValueFromMemory(tokenId, [1, 1]);
        using var useCacheValue = OrtValue.CreateTensorValueFromMemory(useCache, [1]);

        var emptyPasts = _pastShapes.Select(shape => OrtValue.CreateTensorValueFromMemory(Array.Empty<float>(), shape)).ToArray();
        IDisposableReadOnlyCollection<OrtValue>? firstOutputs = null;
        IDisposableReadOnlyCollection<OrtValue>? previousOutputs = null;
        var inputs = new OrtValue[_stepInputNames.Length];
        inputs[0] = tokenValue;
        inputs[1] = hiddenStates;
        inputs[2] = useCacheValue;
        for (var i = 0; i < emptyPasts.Length; i++)
        {
            inputs[3 + i] = emptyPasts[i];
        }

        double logProbabilitySum = 0;
        var reachedEnd = false;
        try
        {
            for (var step = 0; step < maxTokens; step++)
            {
                var outputs = _decoder.Run(runOptions, _stepInputNames, inputs, step == 0 ? _firstStepOutputNames : _laterStepOutputNames);
                var (next, logProbability) = ArgMax(outputs[0].GetTensorDataAsSpan<float>());
                logProbabilitySum += logProbability;

                if (step == 0)
                {
                    // The encoder half of the cache is computed once, at step 0, and kept until decoding ends.
                    firstOutputs = outputs;
                    for (var i = 0; i < _pastNames.Length; i++)
                    {
                        inputs[3 + i] = outputs[1 + i];
                    }
                    useCache[0] = true;
                }
                else
                {
                    for (var j = 0; j < _decoderPastIndexes.Length; j++)
                    {
                        inputs[3 + _decoderPastIndexes[j]] = outputs[1 + j];
                    }
                    previousOutputs?.Dispose();
                    previousOutputs = outputs;
                }

                if (next == MoonshineVocabulary.EndToken)
                {
                    reachedEnd = true;
                    tokens.Add(next);
                    break;
                }
                tokens.Add(next);
                tokenId[0] = next;
                if (_limits.RepeatedTail(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(tokens)) is var loop and > 0)
                {
                    tokens.RemoveRange(tokens.Count - loop, loop);
                    break;
                }
            }
        }
        finally
        {
            previousOutputs?.Dispose();
            firstOutputs?.Dispose();
            foreach (var value in emptyPasts)
            {
                value.Dispose();
            }
        }

        var text = _vocabulary.Decode(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(tokens)).Trim();
        var confidence = tokens.Count == 0 ? 0f : (float)Math.Exp(logProbabilitySum / tokens.Count);
        return new Transcript(text, confidence, tokens.Count, !reachedEnd);
    }

    /// <summary>The most likely token and its log-probability (log-softmax of its logit).</summary>
    private static (int Token, double LogProbability) ArgMax(ReadOnlySpan<float> logits)
    {
        var best = TensorPrimitives.IndexOfMax(logits);
        var max = logits[best];
        var shifted = ArrayPool<float>.Shared.Rent(logits.Length);
        try
        {
            var span = shifted.AsSpan(0, logits.Length);
            TensorPrimitives.Subtract(logits, max, span);
            TensorPrimitives.Exp(span, span);
            return (best, -Math.Log(TensorPrimitives.Sum<float>(span)));
        }
        finally
        {
            ArrayPool<float>.Shared.Return(shifted);
        }
    }
}
