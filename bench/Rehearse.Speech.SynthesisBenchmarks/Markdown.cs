using System.Globalization;

namespace Rehearse.Speech.SynthesisBenchmarks;

/// <summary>Prints Markdown tables and summary statistics.</summary>
internal static class Markdown
{
    public static void Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        Console.WriteLine("| " + string.Join(" | ", header) + " |");
        Console.WriteLine("|" + string.Concat(header.Select(_ => "---|")));
        foreach (var row in rows)
        {
            Console.WriteLine("| " + string.Join(" | ", row) + " |");
        }
        Console.WriteLine();
    }

    public static double Median(IReadOnlyList<double> values) => Percentile(values, 0.5);

    /// <summary>Nearest-rank percentile.</summary>
    public static double Percentile(IReadOnlyList<double> values, double p)
    {
        var sorted = values.Order().ToList();
        var rank = (int)Math.Ceiling(p * sorted.Count) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
    }

    public static string F(double value, string format = "0") => value.ToString(format, CultureInfo.InvariantCulture);
}
