using System.ComponentModel.DataAnnotations;
using Rehearse.Speech.Synthesis.Phonemes;

namespace Rehearse.Speech.Synthesis;

/// <summary>Speech synthesis settings (configuration section <c>Speech:Synthesis</c>).</summary>
public sealed class SynthesisOptions
{
    /// <summary>The voice pack that ships with the engine, used when <see cref="VoicePacks"/> is empty.</summary>
    public const string BuiltInVoicePack = "VoicePacks/en_US-libritts_r-medium.json";

    /// <summary>
    /// Voice pack files to load (relative paths are resolved against the application directory). Empty means
    /// <see cref="BuiltInVoicePack"/>. The first pack's voices come first and it answers <c>speaker:&lt;n&gt;</c>.
    /// </summary>
    public List<string> VoicePacks { get; set; } = [];

    /// <summary>Voice used when a request names none; empty means the first curated voice of the first pack.</summary>
    public string DefaultVoice { get; set; } = "";

    /// <summary>Longest text one request (or one streaming call in total) may carry, in characters.</summary>
    [Range(1, 1_000_000)]
    public int MaxTextCharacters { get; set; } = 5000;

    /// <summary>Synthesis streams served at once; one more is refused (RESOURCE_EXHAUSTED) instead of queued.</summary>
    [Range(1, 10_000)]
    public int MaxConcurrentStreams { get; set; } = 8;

    /// <summary>Audio chunk length when a request does not choose one.</summary>
    [Range(typeof(TimeSpan), "00:00:00.020", "00:00:02")]
    public TimeSpan DefaultChunkDuration { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Sentences longer than this many characters, as written and again once normalised, are cut at clause boundaries
    /// and synthesized in pieces.
    /// </summary>
    [Range(40, 2000)]
    public int MaxSentenceCharacters { get; set; } = 300;

    /// <summary>Synthesized sentences that may wait, per stream, for the client to take them.</summary>
    [Range(1, 64)]
    public int SentenceQueueCapacity { get; set; } = 2;

    /// <summary>
    /// How long one audio chunk may wait for the client to take it before the call is ended, so a client that stops
    /// reading cannot hold a stream slot indefinitely.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan WriteTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Silence put between consecutive sentences.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:02")]
    public TimeSpan SentenceSilence { get; set; } = TimeSpan.FromMilliseconds(150);

    /// <summary>Threads ONNX Runtime uses inside one inference (<c>SessionOptions.IntraOpNumThreads</c>).</summary>
    [Range(1, 64)]
    public int IntraOpNumThreads { get; set; } = 2;

    /// <summary>
    /// Give the native memory of a call's voice runs back to the operating system when the call ends (the shared
    /// ONNX Runtime arena's unused regions, then glibc's free memory), so the service returns near its idle size after
    /// a burst of calls instead of keeping its peak. The next call pays for faulting its buffers in again (about as
    /// much CPU as a one-sentence call); turn off to trade memory for speed on a machine with memory to spare.
    /// </summary>
    public bool ReleaseMemoryAfterCall { get; set; } = true;

    /// <summary>Synthesize a short sentence at load, so the first request does not pay the model's warm-up.</summary>
    public bool WarmUp { get; set; } = true;

    /// <summary>The espeak-ng phonemizer processes.</summary>
    public EspeakOptions Espeak { get; set; } = new();

    /// <summary>Every problem with the settings, one sentence each, naming the option.</summary>
    public IReadOnlyList<string> Validate()
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(this, new ValidationContext(this), results, validateAllProperties: true);
        var espeak = new List<ValidationResult>();
        Validator.TryValidateObject(Espeak, new ValidationContext(Espeak), espeak, validateAllProperties: true);
        return results.Select(r => $"Speech:Synthesis:{string.Join(",", r.MemberNames)}: {r.ErrorMessage}")
            .Concat(espeak.Select(r => $"Speech:Synthesis:Espeak:{string.Join(",", r.MemberNames)}: {r.ErrorMessage}"))
            .ToList();
    }
}
