using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Rehearse.Speech.Synthesis.Phonemes;
using Rehearse.Speech.Synthesis.Voices;

namespace Rehearse.Speech.Synthesis.Piper;

/// <summary>Loads voice packs of family <c>piper</c>, each with its own warm espeak-ng pool.</summary>
public sealed class PiperVoiceModelLoader(SynthesisOptions options, ILoggerFactory? loggerFactory = null) : IVoiceModelLoader
{
    private readonly ILoggerFactory _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;

    /// <inheritdoc />
    public string Family => "piper";

    /// <inheritdoc />
    public IVoiceModel Load(VoicePackDescription pack, string modelsDirectory)
    {
        ArgumentNullException.ThrowIfNull(pack);
        if (string.IsNullOrWhiteSpace(pack.Tokens) || string.IsNullOrWhiteSpace(pack.PhonemizerVoice))
        {
            throw new InvalidDataException($"Voice pack '{pack.Id}': a piper pack needs 'tokens' and 'phonemizerVoice'.");
        }
        var phonemizer = new EspeakPhonemizer(options.Espeak, pack.PhonemizerVoice, _loggerFactory.CreateLogger<EspeakPhonemizer>());
        try
        {
            return new PiperVoiceModel(pack, modelsDirectory, phonemizer, options.IntraOpNumThreads, _loggerFactory.CreateLogger<PiperVoiceModel>());
        }
        catch
        {
            phonemizer.Dispose();
            throw;
        }
    }
}
