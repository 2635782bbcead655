using System.Diagnostics;
using System.Globalization;

namespace Rehearse.Speech.RecognitionBenchmarks;

/// <summary>Small statistics and formatting helpers.</summary>
internal static class Measurements
{
    public static double Percentile(IReadOnlyList<double> values, double percentile)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }
        var sorted = values.Order().ToArray();
        // Nearest-rank percentile: no interpolation between samples.
        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    public static double Median(IReadOnlyList<double> values) => Percentile(values, 50);

    /// <summary>Resident set size of this process, in MiB (VmRSS from /proc).</summary>
    public static double ResidentMegabytes()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                var kilobytes = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
                return kilobytes / 1024.0;
            }
        }
        return double.NaN;
    }

    /// <summary>Resident size after a full, compacting collection, so managed garbage does not count.</summary>
    public static double SettledResidentMegabytes()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return ResidentMegabytes();
    }

    public static string Ms(double milliseconds) => double.IsNaN(milliseconds) ? "–" : milliseconds.ToString("0", CultureInfo.InvariantCulture);

    public static string Percent(double rate) => (rate * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %";

    public static string Number(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    public static double ElapsedMs(long startTimestamp) => Stopwatch.GetElapsedTime(startTimestamp).TotalMilliseconds;
}
