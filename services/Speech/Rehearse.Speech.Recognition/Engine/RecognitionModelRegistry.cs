using System.Diagnostics;
using Rehearse.Speech.Onnx;
using Rehearse.Speech.Recognition.Moonshine;

namespace Rehearse.Speech.Recognition.Engine;

/// <summary>
/// The recognition models by name. Each model's sessions are created once (on first use or at
/// <see cref="Preload"/>) and shared by every call.
/// </summary>
public sealed class RecognitionModelRegistry : IDisposable
{
    /// <summary>Longest model name a request may give.</summary>
    public const int MaxNameLength = 64;

    private readonly Dictionary<string, Lazy<ISpeechRecognizer>> _models;
    private readonly string _defaultModel;

    /// <summary>Creates the registry over the model directory laid out by <c>scripts/lib/models.sh</c>.</summary>
    public RecognitionModelRegistry(string modelsDirectory, RecognitionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _defaultModel = options.DefaultModel;
        var sessions = new OnnxSessionSettings(options.IntraOpThreads);
        var limits = new MoonshineDecodingLimits(options.MaxTokensPerSecond);
        var vocabulary = new Lazy<MoonshineVocabulary>(
            () => MoonshineVocabulary.Load(Path.Combine(modelsDirectory, "moonshine", "vocab.json")));
        _models = RecognitionModelCatalog.Names.ToDictionary(
            name => name,
            name => new Lazy<ISpeechRecognizer>(
                () => MoonshineRecognizer.Load(name, Path.Combine(modelsDirectory, name), vocabulary.Value, sessions, limits),
                LazyThreadSafetyMode.ExecutionAndPublication),
            StringComparer.Ordinal);
    }

    /// <summary>Names of the models that are loaded now.</summary>
    public IEnumerable<string> LoadedModels => _models.Where(pair => pair.Value.IsValueCreated).Select(pair => pair.Key);

    /// <summary>The model called <paramref name="name"/>, or the default one when it is empty; loads it if needed.</summary>
    /// <exception cref="RecognitionArgumentException">No model has that name.</exception>
    public ISpeechRecognizer Get(string? name, string field = "config.model")
    {
        RecognitionArgumentException.ThrowIfTooLong(name, MaxNameLength, field);
        var key = string.IsNullOrEmpty(name) ? _defaultModel : name;
        if (!_models.TryGetValue(key, out var model))
        {
            throw new RecognitionArgumentException(field,
                $"unknown model '{name}'; available: {string.Join(", ", RecognitionModelCatalog.Names)}.");
        }
        return model.Value;
    }

    /// <summary>
    /// Loads <paramref name="names"/> and runs each once on a second of silence, so the first real request does not
    /// pay for loading or ONNX Runtime's first-run setup. Returns the time each took.
    /// </summary>
    public IReadOnlyDictionary<string, TimeSpan> Preload(IEnumerable<string> names, CancellationToken cancellationToken)
    {
        var timings = new Dictionary<string, TimeSpan>();
        foreach (var name in names.Distinct(StringComparer.Ordinal))
        {
            var stopwatch = Stopwatch.StartNew();
            Get(name).Transcribe(new float[16_000], cancellationToken);
            timings[name] = stopwatch.Elapsed;
        }
        return timings;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var model in _models.Values.Where(model => model.IsValueCreated))
        {
            (model.Value as IDisposable)?.Dispose();
        }
    }
}
