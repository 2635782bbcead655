using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Rehearse.Speech.Synthesis.Voices;

/// <summary>
/// The loaded voice models and their voices: resolves a requested voice id (a curated id, <c>speaker:&lt;n&gt;</c>
/// of the first pack, or empty for the default) to the model that speaks it.
/// </summary>
public sealed class VoiceRegistry : IDisposable
{
    private const string SpeakerPrefix = "speaker:";

    private readonly IReadOnlyList<IVoiceModel> _models;
    private readonly Dictionary<string, (IVoiceModel Model, VoiceDescriptor Voice)> _curated;

    /// <summary>Wraps already loaded models; the registry owns them from then on.</summary>
    /// <exception cref="InvalidOperationException">No model, or <paramref name="defaultVoice"/> is unknown.</exception>
    public VoiceRegistry(IReadOnlyList<IVoiceModel> models, string defaultVoice)
    {
        ArgumentNullException.ThrowIfNull(models);
        if (models.Count == 0)
        {
            throw new InvalidOperationException("Speech:Synthesis:VoicePacks: no voice pack could be loaded.");
        }
        _models = models;
        _curated = new(StringComparer.OrdinalIgnoreCase);
        foreach (var model in models)
        {
            foreach (var voice in model.Voices)
            {
                if (!_curated.TryAdd(voice.Id, (model, voice)))
                {
                    throw new InvalidOperationException($"Voice id '{voice.Id}' is defined by two voice packs.");
                }
            }
        }
        Voices = models.SelectMany(m => m.Voices).ToList();
        if (string.IsNullOrWhiteSpace(defaultVoice))
        {
            DefaultVoice = Voices.Count > 0 ? Voices[0] : models[0].Pack.DescribeSpeaker(0);
        }
        else
        {
            DefaultVoice = TryResolve(defaultVoice, out _, out var voice)
                ? voice
                : throw new InvalidOperationException($"Speech:Synthesis:DefaultVoice '{defaultVoice}' is not a voice of the loaded packs.");
        }
    }

    /// <summary>The curated voices of every pack, in configuration order.</summary>
    public IReadOnlyList<VoiceDescriptor> Voices { get; }

    /// <summary>The voice used when a request names none.</summary>
    public VoiceDescriptor DefaultVoice { get; }

    /// <summary>The loaded models.</summary>
    public IReadOnlyList<IVoiceModel> Models => _models;

    /// <summary>
    /// Loads the configured voice packs with the loader of each pack's family. A pack marked optional whose
    /// files are missing is skipped.
    /// </summary>
    public static VoiceRegistry Load(
        SynthesisOptions options,
        string modelsDirectory,
        IEnumerable<IVoiceModelLoader> loaders,
        ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        logger ??= NullLogger.Instance;
        var byFamily = loaders.ToDictionary(l => l.Family, StringComparer.OrdinalIgnoreCase);
        var files = options.VoicePacks.Count > 0 ? options.VoicePacks : [SynthesisOptions.BuiltInVoicePack];
        var models = new List<IVoiceModel>();
        try
        {
            foreach (var file in files)
            {
                var path = Path.IsPathRooted(file) ? file : Path.Combine(AppContext.BaseDirectory, file);
                var pack = VoicePackDescription.Load(path);
                var missing = new[] { pack.Model, pack.Tokens }
                    .Where(p => !string.IsNullOrWhiteSpace(p))
                    .Select(p => VoicePackDescription.ResolvePath(p, modelsDirectory))
                    .Where(p => !File.Exists(p))
                    .ToList();
                if (missing.Count > 0)
                {
                    if (pack.Optional)
                    {
                        logger.LogInformation("Voice pack {Pack} skipped: {Files} not found.", pack.Id, string.Join(", ", missing));
                        continue;
                    }
                    throw new FileNotFoundException(
                        $"Voice pack '{pack.Id}' needs {string.Join(", ", missing)}. Fetch the models with scripts/lib/models.sh " +
                        "or point Speech:ModelsDirectory at them.");
                }
                if (!byFamily.TryGetValue(pack.Family, out var loader))
                {
                    throw new InvalidOperationException(
                        $"Voice pack '{pack.Id}' is of family '{pack.Family}', which this build cannot load (known: {string.Join(", ", byFamily.Keys)}).");
                }
                models.Add(loader.Load(pack, modelsDirectory));
                logger.LogInformation("Voice pack {Pack} ({Family}) loaded with {Voices} curated voices.", pack.Id, pack.Family, pack.Voices.Count);
            }
            return new VoiceRegistry(models, options.DefaultVoice);
        }
        catch
        {
            foreach (var model in models)
            {
                model.Dispose();
            }
            throw;
        }
    }

    /// <summary>Finds the voice with id <paramref name="voiceId"/> (empty means the default voice).</summary>
    public bool TryResolve(string? voiceId, out IVoiceModel model, out VoiceDescriptor voice)
    {
        if (string.IsNullOrWhiteSpace(voiceId))
        {
            var fallback = DefaultVoice;
            voice = fallback;
            model = _models.First(m => m.Pack.Id == fallback.PackId);
            return true;
        }
        if (_curated.TryGetValue(voiceId.Trim(), out var found))
        {
            (model, voice) = found;
            return true;
        }
        model = _models[0];
        if (voiceId.StartsWith(SpeakerPrefix, StringComparison.OrdinalIgnoreCase)
            && int.TryParse(voiceId.AsSpan(SpeakerPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var speaker)
            && speaker < model.SpeakerCount)
        {
            voice = model.Pack.DescribeSpeaker(speaker);
            return true;
        }
        voice = DefaultVoice;
        return false;
    }

    /// <summary>Releases every model.</summary>
    public void Dispose()
    {
        foreach (var model in _models)
        {
            model.Dispose();
        }
    }
}
