using System.Globalization;

namespace Rehearse.Testing;

/// <summary>What one level of a load ramp measured: how many ran at once, each answer's reply time, what went wrong.</summary>
/// <param name="Concurrency">How many ran at once.</param>
/// <param name="LatenciesMs">Every measured latency, in milliseconds.</param>
/// <param name="Refusals">Calls the services refused for capacity (RESOURCE_EXHAUSTED).</param>
/// <param name="Errors">Everything else that failed.</param>
public sealed record LoadLevel(int Concurrency, IReadOnlyList<double> LatenciesMs, int Refusals, int Errors);

/// <summary>
/// The ramp of a load benchmark: levels of concurrency played in rising order until one fails, a level holding
/// when its p95 latency is within the threshold with nothing refused and nothing failed.
/// </summary>
public static class LoadRamp
{
    /// <summary>Levels as written on a command line: rising positive integers separated by commas, e.g. <c>1,2,4,6,8</c>.</summary>
    /// <exception cref="FormatException">The text is not such a list.</exception>
    public static IReadOnlyList<int> ParseLevels(string text)
    {
        var levels = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var level) || level < 1)
            {
                throw new FormatException($"'{part}' is not a positive whole number of concurrent runs.");
            }
            if (levels.Count > 0 && level <= levels[^1])
            {
                throw new FormatException($"The levels must rise: {level} follows {levels[^1]}.");
            }
            levels.Add(level);
        }
        return levels;
    }

    /// <summary>Why <paramref name="level"/> failed, or <c>null</c> when it held.</summary>
    public static string? Failure(LoadLevel level, double thresholdMs)
    {
        var reasons = new List<string>();
        if (level.LatenciesMs.Count == 0)
        {
            reasons.Add("nothing measured");
        }
        else if (Markdown.Percentile(level.LatenciesMs, 0.95) is var p95 && p95 > thresholdMs)
        {
            reasons.Add($"p95 {Markdown.F(p95)} ms over {Markdown.F(thresholdMs)} ms");
        }
        if (level.Refusals > 0)
        {
            reasons.Add($"{level.Refusals} refused");
        }
        if (level.Errors > 0)
        {
            reasons.Add($"{level.Errors} failed");
        }
        return reasons.Count == 0 ? null : string.Join(", ", reasons);
    }

    /// <summary>
    /// The highest concurrency that held with every level below it holding too (the ramp stops at the first level
    /// that fails); <c>null</c> when the first level failed.
    /// </summary>
    public static int? Capacity(IReadOnlyList<LoadLevel> levels, double thresholdMs)
    {
        int? capacity = null;
        foreach (var level in levels)
        {
            if (Failure(level, thresholdMs) is not null)
            {
                break;
            }
            capacity = level.Concurrency;
        }
        return capacity;
    }
}
