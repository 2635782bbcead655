using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rehearse.Speech.Synthesis.Voices;

/// <summary>
/// Everything needed to use one voice model, read from a JSON voice pack file: model family, file locations,
/// sample rate, language, speaker count, default delivery settings and the curated, named voices. Swapping in
/// another Piper/VITS voice means writing such a file and listing it in <c>Speech:Synthesis:VoicePacks</c>.
/// </summary>
public sealed class VoicePackDescription
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Identifier of the pack, e.g. <c>en_US-libritts_r-medium</c>.</summary>
    public string Id { get; set; } = "";

    /// <summary>Model family, which selects the loader: <c>piper</c>.</summary>
    public string Family { get; set; } = "";

    /// <summary>BCP-47 language of the voices, e.g. <c>en-US</c>.</summary>
    public string LanguageCode { get; set; } = "";

    /// <summary>Sample rate the model produces.</summary>
    public int SampleRate { get; set; }

    /// <summary>The ONNX model, relative to the models directory (or absolute).</summary>
    public string Model { get; set; } = "";

    /// <summary>The phoneme table (<c>tokens.txt</c>), relative to the models directory (or absolute).</summary>
    public string Tokens { get; set; } = "";

    /// <summary>The espeak-ng voice that phonemizes text for this model, e.g. <c>en-us</c>.</summary>
    public string PhonemizerVoice { get; set; } = "";

    /// <summary>Speakers in the model; 1 for single-speaker models.</summary>
    public int SpeakerCount { get; set; } = 1;

    /// <summary>Default noise scale (variation of the voice's sound).</summary>
    public float NoiseScale { get; set; } = 0.667f;

    /// <summary>Default length scale (phoneme durations; larger is slower).</summary>
    public float LengthScale { get; set; } = 1f;

    /// <summary>Default noise width (variation of phoneme durations).</summary>
    public float NoiseW { get; set; } = 0.8f;

    /// <summary>
    /// Share of a sentence's duration that does not scale with the length scale (VITS rounds every phoneme's
    /// duration up to whole frames), measured for the model. The speaking rate is mapped to a length scale
    /// through it, so that rate 2 really halves the duration: length = LengthScale · (1/rate − s) / (1 − s).
    /// </summary>
    public float FixedDurationShare { get; set; }

    /// <summary>
    /// True for a pack whose model files may be absent: it is then skipped (with a log entry) instead of
    /// failing the start. Lets a deployment list a second voice family that appears once its files are installed.
    /// </summary>
    public bool Optional { get; set; }

    /// <summary>Where the model came from and under which licence (shown in documentation and logs).</summary>
    public string Attribution { get; set; } = "";

    /// <summary>The curated voices: named speakers of the model.</summary>
    public List<CuratedVoice> Voices { get; set; } = [];

    /// <summary>Reads and checks a voice pack file.</summary>
    /// <exception cref="InvalidDataException">The file is not valid JSON or misses required values.</exception>
    public static VoicePackDescription Load(string path)
    {
        VoicePackDescription? pack;
        try
        {
            pack = JsonSerializer.Deserialize<VoicePackDescription>(File.ReadAllText(path), JsonOptions);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Voice pack '{path}' is not valid: {e.Message}", e);
        }
        if (pack is null)
        {
            throw new InvalidDataException($"Voice pack '{path}' is empty.");
        }
        var errors = pack.Validate().ToList();
        if (errors.Count > 0)
        {
            throw new InvalidDataException($"Voice pack '{path}': {string.Join(" ", errors)}");
        }
        return pack;
    }

    /// <summary>Problems with the description, one sentence each.</summary>
    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(Id))
        {
            yield return "'id' is required.";
        }
        if (string.IsNullOrWhiteSpace(Family))
        {
            yield return "'family' is required.";
        }
        if (string.IsNullOrWhiteSpace(LanguageCode))
        {
            yield return "'languageCode' is required.";
        }
        if (SampleRate is < 8000 or > 96000)
        {
            yield return $"'sampleRate' {SampleRate} is outside 8000..96000.";
        }
        if (string.IsNullOrWhiteSpace(Model))
        {
            yield return "'model' is required.";
        }
        if (SpeakerCount < 1)
        {
            yield return "'speakerCount' must be at least 1.";
        }
        if (NoiseScale is < 0 or > 2 || NoiseW is < 0 or > 2 || LengthScale is <= 0 or > 4)
        {
            yield return "'noiseScale' and 'noiseW' must be in 0..2 and 'lengthScale' in (0, 4].";
        }
        if (FixedDurationShare is < 0 or >= 0.9f)
        {
            yield return $"'fixedDurationShare' {FixedDurationShare} is outside 0..0.9.";
        }
        var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var voice in Voices)
        {
            if (string.IsNullOrWhiteSpace(voice.Id) || voice.Id.StartsWith("speaker:", StringComparison.OrdinalIgnoreCase))
            {
                yield return $"voice id '{voice.Id}' is empty or uses the reserved 'speaker:' prefix.";
            }
            else if (!ids.Add(voice.Id))
            {
                yield return $"voice id '{voice.Id}' appears twice.";
            }
            if (voice.Speaker < 0 || voice.Speaker >= SpeakerCount)
            {
                yield return $"voice '{voice.Id}' has speaker {voice.Speaker}, outside 0..{SpeakerCount - 1}.";
            }
        }
    }

    /// <summary>Resolves a path of the pack against the models directory.</summary>
    public static string ResolvePath(string path, string modelsDirectory) =>
        Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(modelsDirectory, path));

    /// <summary>The descriptor of a curated voice.</summary>
    public VoiceDescriptor Describe(CuratedVoice voice)
    {
        ArgumentNullException.ThrowIfNull(voice);
        return new(voice.Id, voice.DisplayName, LanguageCode, voice.Gender, SampleRate, Family, voice.Description, voice.Speaker, Id);
    }

    /// <summary>The descriptor of raw speaker <paramref name="speaker"/>.</summary>
    public VoiceDescriptor DescribeSpeaker(int speaker) =>
        new($"speaker:{speaker}", $"Speaker {speaker}", LanguageCode, VoiceGender.Unspecified, SampleRate, Family,
            $"Speaker {speaker} of {Id}", speaker, Id);
}

/// <summary>A named speaker of a voice pack.</summary>
public sealed class CuratedVoice
{
    /// <summary>Identifier clients pass, e.g. <c>en-US-ava</c>.</summary>
    public string Id { get; set; } = "";

    /// <summary>Name to show people.</summary>
    public string DisplayName { get; set; } = "";

    /// <summary>Speaker number inside the model.</summary>
    public int Speaker { get; set; }

    /// <summary>Perceived gender.</summary>
    public VoiceGender Gender { get; set; }

    /// <summary>How the voice sounds.</summary>
    public string Description { get; set; } = "";
}
