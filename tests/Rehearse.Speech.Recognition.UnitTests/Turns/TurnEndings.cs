using Rehearse.Speech.Recognition.Turns;

namespace Rehearse.Speech.Recognition.UnitTests.Turns;

/// <summary>One labelled turn ending: the words so far, and whether the speaker had finished.</summary>
internal sealed record TurnEnding(bool IsEnd, bool HeldOut, string Category, string Text);

/// <summary>How well end-of-turn decisions (probability ≥ 0.5 means "the turn is over") match the labels.</summary>
internal sealed record TurnAccuracy(int Count, int TruePositives, int FalsePositives, int TrueNegatives, int FalseNegatives)
{
    public double Accuracy => (double)(TruePositives + TrueNegatives) / Count;

    /// <summary>Of the ends called, the share that were ends.</summary>
    public double Precision => TruePositives + FalsePositives == 0 ? 0 : (double)TruePositives / (TruePositives + FalsePositives);

    /// <summary>Of the real ends, the share called.</summary>
    public double Recall => TruePositives + FalseNegatives == 0 ? 0 : (double)TruePositives / (TruePositives + FalseNegatives);

    public static TurnAccuracy Of(IEnumerable<(bool IsEnd, double Probability)> decisions)
    {
        int tp = 0, fp = 0, tn = 0, fn = 0;
        foreach (var (isEnd, probability) in decisions)
        {
            var called = probability >= 0.5;
            (tp, fp, tn, fn) = (isEnd, called) switch
            {
                (true, true) => (tp + 1, fp, tn, fn),
                (false, true) => (tp, fp + 1, tn, fn),
                (false, false) => (tp, fp, tn + 1, fn),
                (true, false) => (tp, fp, tn, fn + 1),
            };
        }
        return new TurnAccuracy(tp + fp + tn + fn, tp, fp, tn, fn);
    }

    public override string ToString() =>
        $"n={Count} accuracy={Accuracy:P1} precision={Precision:P1} recall={Recall:P1} (tp {TruePositives}, fp {FalsePositives}, tn {TrueNegatives}, fn {FalseNegatives})";
}

/// <summary>The written examples in <c>turn-endings.tsv</c>.</summary>
internal static class TurnEndings
{
    public static IReadOnlyList<TurnEnding> All { get; } = Load();

    public static IEnumerable<TurnEnding> Tuning => All.Where(e => !e.HeldOut);

    public static IEnumerable<TurnEnding> HeldOut => All.Where(e => e.HeldOut);

    /// <summary>The scorer's accuracy on <paramref name="examples"/> from their words alone.</summary>
    public static TurnAccuracy Score(IEnumerable<TurnEnding> examples) =>
        TurnAccuracy.Of(examples.Select(e => (e.IsEnd, Estimate(e.Text).Probability)));

    public static EndOfTurnEstimate Estimate(string text) =>
        EndOfTurnScorer.Estimate(text, null, TimeSpan.Zero, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(6));

    private static List<TurnEnding> Load() =>
        [.. File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Turns", "turn-endings.tsv"))
            .Where(line => line.Length > 0 && !line.StartsWith('#') && !line.StartsWith("label\t", StringComparison.Ordinal))
            .Select(line => line.Split('\t'))
            .Select(cells => new TurnEnding(cells[0] == "end", cells[1] == "test", cells[2], cells[3]))];
}
