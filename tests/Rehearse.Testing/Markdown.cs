using System.Globalization;

namespace Rehearse.Testing;

/// <summary>Prints Markdown tables and summary statistics for the benchmarks.</summary>
public static class Markdown
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

    /// <summary>The 1, 5 and 15 minute load averages: other work on the machine slows every timing down.</summary>
    public static string LoadAverage(string when) => File.Exists("/proc/loadavg")
        ? $"Load average (1/5/15 min) {when}: {string.Join(" / ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3))}."
        : "";
}
