using System.ComponentModel.DataAnnotations;

namespace Rehearse.Speech.Synthesis.Phonemes;

/// <summary>
/// The espeak-ng helper processes that turn text into IPA phonemes (configuration section
/// <c>Speech:Synthesis:Espeak</c>). espeak-ng is GPL-3.0 and runs as separate, long-lived processes.
/// </summary>
public sealed class EspeakOptions
{
    /// <summary>The espeak-ng executable: a name found on PATH or a full path.</summary>
    [Required]
    public string ExecutablePath { get; set; } = "espeak-ng";

    /// <summary>
    /// Directory that contains an <c>espeak-ng-data</c> folder to use instead of the installed one
    /// (passed as <c>--path</c>); empty uses the installed data.
    /// </summary>
    public string DataPath { get; set; } = "";

    /// <summary>Warm processes per espeak-ng voice; each phonemizes one sentence at a time.</summary>
    [Range(1, 64)]
    public int PoolSize { get; set; } = 2;

    /// <summary>Longest wait for a process to answer one sentence before it is restarted.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
