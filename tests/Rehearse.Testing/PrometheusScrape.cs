using System.Globalization;
using System.Text.RegularExpressions;

namespace Rehearse.Testing;

/// <summary>A Prometheus text exposition, as a scraper reads it: samples by metric name and labels.</summary>
public sealed partial class PrometheusScrape
{
    private readonly List<Sample> _samples;

    private PrometheusScrape(List<Sample> samples) => _samples = samples;

    /// <summary>One sample line.</summary>
    public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

    /// <summary>Every sample.</summary>
    public IReadOnlyList<Sample> Samples => _samples;

    /// <summary>Reads an exposition; a sample line that does not parse fails, as it would for a scraper.</summary>
    public static PrometheusScrape Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var samples = new List<Sample>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (line.StartsWith('#'))
            {
                continue;
            }
            var match = SampleLine().Match(line);
            if (!match.Success)
            {
                throw new FormatException($"Not a Prometheus sample line: {line}");
            }
            var labels = LabelPair().Matches(match.Groups["labels"].Value)
                .ToDictionary(m => m.Groups["key"].Value, m => m.Groups["value"].Value);
            samples.Add(new Sample(match.Groups["name"].Value, labels, ParseValue(match.Groups["value"].Value)));
        }
        return new PrometheusScrape(samples);
    }

    /// <summary>The samples of <paramref name="name"/> whose labels include <paramref name="labels"/>.</summary>
    public IReadOnlyList<Sample> Find(string name, params (string Key, string Value)[] labels) =>
        [.. _samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Key, out var v) && v == l.Value))];

    /// <summary>The sum of the samples of <paramref name="name"/> with <paramref name="labels"/>; 0 when there are none.</summary>
    public double Sum(string name, params (string Key, string Value)[] labels) => Find(name, labels).Sum(s => s.Value);

    /// <summary>
    /// How many observations histogram <paramref name="name"/> (its <c>_bucket</c> samples, every other label
    /// summed) made since <paramref name="before"/> (or ever).
    /// </summary>
    public double HistogramCount(string name, PrometheusScrape? before = null) =>
        Buckets(name, before) is { Count: > 0 } buckets ? buckets[^1].Count : 0;

    /// <summary>
    /// The share of histogram <paramref name="name"/>'s observations since <paramref name="before"/> that fell at
    /// or below <paramref name="bound"/>, one of its bucket bounds; <c>null</c> when there were none or it is not a bound.
    /// </summary>
    public double? HistogramShareAtOrBelow(string name, double bound, PrometheusScrape? before = null)
    {
        var buckets = Buckets(name, before);
        if (buckets.Count == 0 || buckets[^1].Count <= 0)
        {
            return null;
        }
        var at = buckets.FindIndex(b => b.Bound == bound);
        return at < 0 ? null : buckets[at].Count / buckets[^1].Count;
    }

    /// <summary>
    /// The <paramref name="quantile"/> of histogram <paramref name="name"/>'s observations since
    /// <paramref name="before"/>, interpolated linearly inside its bucket as Prometheus' <c>histogram_quantile</c>
    /// does (a quantile in the last, unbounded bucket is the highest finite bound); <c>null</c> when there were none.
    /// </summary>
    public double? HistogramQuantile(string name, double quantile, PrometheusScrape? before = null)
    {
        var buckets = Buckets(name, before);
        if (buckets.Count == 0 || buckets[^1].Count <= 0)
        {
            return null;
        }
        var rank = quantile * buckets[^1].Count;
        var (lowerBound, lowerCount) = (0.0, 0.0);
        foreach (var (bound, count) in buckets)
        {
            if (count >= rank && count > lowerCount)
            {
                return double.IsPositiveInfinity(bound) ? lowerBound : lowerBound + (bound - lowerBound) * (rank - lowerCount) / (count - lowerCount);
            }
            (lowerBound, lowerCount) = (bound, count);
        }
        return lowerBound;
    }

    /// <summary>The cumulative bucket counts of a histogram by upper bound, every other label summed, less those of <paramref name="before"/>.</summary>
    private List<(double Bound, double Count)> Buckets(string name, PrometheusScrape? before)
    {
        var counts = Cumulative(this, name);
        if (before is not null)
        {
            foreach (var (bound, count) in Cumulative(before, name))
            {
                counts[bound] = counts.GetValueOrDefault(bound) - count;
            }
        }
        return [.. counts.OrderBy(c => c.Key).Select(c => (c.Key, c.Value))];

        static Dictionary<double, double> Cumulative(PrometheusScrape scrape, string name) => scrape.Find(name + "_bucket")
            .GroupBy(s => s.Labels.TryGetValue("le", out var le) ? ParseValue(le) : double.NaN)
            .Where(g => !double.IsNaN(g.Key))
            .ToDictionary(g => g.Key, g => g.Sum(s => s.Value));
    }

    private static double ParseValue(string text) => text switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        var number => double.Parse(number, CultureInfo.InvariantCulture),
    };

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})?\s+(?<value>\S+)(\s+\d+)?$")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"(?<key>[a-zA-Z_][a-zA-Z0-9_]*)=""(?<value>(?:[^""\\]|\\.)*)""")]
    private static partial Regex LabelPair();
}
