using System.Globalization;
using System.Text;
using Google.Protobuf.Reflection;
using Grpc.Core;

namespace Rehearse.Testing.Fuzzing;

/// <summary>How every call of a fuzz run ended.</summary>
public sealed record FuzzResult(ServiceDescriptor Service, IReadOnlyList<CallOutcome> Outcomes)
{
    /// <summary>The calls that ended with a status the service did not choose.</summary>
    public IReadOnlyList<CallOutcome> Failures => [.. Outcomes.Where(o => o.IsFailure).OrderBy(o => o.Case.Method.Name, StringComparer.Ordinal).ThenBy(o => o.Case.Seed)];

    /// <summary>
    /// One row per rpc: calls, messages sent, how many ended with each status (open streams apart), and the
    /// slowest call (open streams, which the client cancels, apart).
    /// </summary>
    public string Table()
    {
        var statuses = Outcomes.Where(o => !o.LeftOpen).Select(o => o.Hung ? "HANG" : Name(o.Status)).Distinct()
            .OrderBy(s => s == "OK" ? 0 : 1).ThenBy(s => s, StringComparer.Ordinal).ToList();
        if (Outcomes.Any(o => o.LeftOpen))
        {
            statuses.Add("open");
        }
        var header = new List<string> { "rpc", "calls", "messages" };
        header.AddRange(statuses);
        header.Add("max ms");
        var rows = new List<List<string>>();
        foreach (var method in Service.Methods)
        {
            var calls = Outcomes.Where(o => o.Case.Method == method).ToList();
            var row = new List<string> { method.Name, Count(calls.Count), Count(calls.Sum(c => c.Case.Messages.Count)) };
            row.AddRange(statuses.Select(s => Count(calls.Count(c => Label(c) == s))));
            var timed = calls.Where(c => !c.LeftOpen).Select(c => c.Latency.TotalMilliseconds).DefaultIfEmpty(0);
            row.Add(timed.Max().ToString("F0", CultureInfo.InvariantCulture));
            rows.Add(row);
        }
        var total = new List<string> { "all", Count(Outcomes.Count), Count(Outcomes.Sum(c => c.Case.Messages.Count)) };
        total.AddRange(statuses.Select(s => Count(Outcomes.Count(c => Label(c) == s))));
        total.Add(Outcomes.Where(c => !c.LeftOpen).Select(c => c.Latency.TotalMilliseconds).DefaultIfEmpty(0).Max().ToString("F0", CultureInfo.InvariantCulture));
        rows.Add(total);

        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Max(r => r[i].Length))).ToArray();
        var text = new StringBuilder();
        text.AppendLine("| " + string.Join(" | ", header.Select((h, i) => h.PadRight(widths[i]))) + " |");
        text.AppendLine("|" + string.Join("|", widths.Select((w, i) => i == 0 ? new string('-', w + 2) : new string('-', w + 1) + ":")) + "|");
        foreach (var row in rows)
        {
            text.AppendLine("| " + string.Join(" | ", row.Select((c, i) => i == 0 ? c.PadRight(widths[i]) : c.PadLeft(widths[i]))) + " |");
        }
        return text.ToString();
    }

    private static string Label(CallOutcome outcome) => outcome.LeftOpen ? "open" : outcome.Hung ? "HANG" : Name(outcome.Status);

    private static string Name(StatusCode status) => status switch
    {
        StatusCode.OK => "OK",
        _ => string.Concat(status.ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + c : c.ToString())).ToUpperInvariant(),
    };

    private static string Count(int n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
