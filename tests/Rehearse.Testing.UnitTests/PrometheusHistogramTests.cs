namespace Rehearse.Testing.UnitTests;

/// <summary>Histogram figures read from two Prometheus scrapes: the observations made between them.</summary>
public sealed class PrometheusHistogramTests
{
    private const string Name = "rehearse_speech_recognition_final_latency_seconds";

    // Cumulative buckets as the exporter writes them, split over two label sets that the figures add up.
    private static PrometheusScrape Scrape(double[] firstSeries, double[] secondSeries)
    {
        string[] bounds = ["0.5", "1", "2", "+Inf"];
        var lines = new List<string> { $"# TYPE {Name} histogram" };
        for (var i = 0; i < bounds.Length; i++)
        {
            lines.Add($"{Name}_bucket{{otel_scope_name=\"Rehearse.Speech\",model=\"a\",le=\"{bounds[i]}\"}} {firstSeries[i]}");
            lines.Add($"{Name}_bucket{{otel_scope_name=\"Rehearse.Speech\",model=\"b\",le=\"{bounds[i]}\"}} {secondSeries[i]}");
        }
        lines.Add($"{Name}_count{{model=\"a\"}} {firstSeries[^1]}");
        lines.Add($"{Name}_sum{{model=\"a\"}} 1.5");
        return PrometheusScrape.Parse(string.Join('\n', lines));
    }

    [Fact]
    public void The_quantile_interpolates_inside_the_bucket_holding_its_rank()
    {
        // 10 observations: 2 up to 0.5 s, 6 in (0.5, 1], 2 in (1, 2].
        var scrape = Scrape([1, 4, 5, 5], [1, 4, 5, 5]);

        Assert.Equal(10, scrape.HistogramCount(Name));
        // Rank 5 is the 3rd of 6 in (0.5, 1]: halfway.
        Assert.Equal(0.75, scrape.HistogramQuantile(Name, 0.5)!.Value, 9);
        // Rank 9.5 is 1.5 of 2 into (1, 2].
        Assert.Equal(1.75, scrape.HistogramQuantile(Name, 0.95)!.Value, 9);
        // Rank 1 of the 2 in the first bucket, which starts at 0.
        Assert.Equal(0.25, scrape.HistogramQuantile(Name, 0.1)!.Value, 9);
        Assert.Equal(0.2, scrape.HistogramShareAtOrBelow(Name, 0.5)!.Value, 9);
    }

    [Fact]
    public void Only_the_observations_made_since_the_earlier_scrape_count()
    {
        var before = Scrape([2, 2, 2, 2], [0, 0, 0, 0]);
        // Since then: 4 more observations, all in (1, 2].
        var after = Scrape([2, 2, 6, 6], [0, 0, 0, 0]);

        Assert.Equal(4, after.HistogramCount(Name, before));
        Assert.Equal(1.5, after.HistogramQuantile(Name, 0.5, before)!.Value, 9);
        Assert.Equal(0, after.HistogramShareAtOrBelow(Name, 0.5, before)!.Value, 9);
        // Over everything the 2 earlier ones (up to 0.5 s) pull the median down: rank 3 of 6 is a quarter into (1, 2].
        Assert.Equal(1.25, after.HistogramQuantile(Name, 0.5)!.Value, 9);
    }

    [Fact]
    public void A_quantile_beyond_the_last_bound_is_the_last_bound_and_no_observations_give_none()
    {
        var before = Scrape([1, 1, 1, 1], [0, 0, 0, 0]);
        var after = Scrape([1, 1, 1, 5], [0, 0, 0, 0]);

        Assert.Equal(2, after.HistogramQuantile(Name, 0.95, before));
        Assert.Null(before.HistogramQuantile(Name, 0.5, before));
        Assert.Null(before.HistogramShareAtOrBelow(Name, 0.5, before));
        Assert.Equal(0, before.HistogramCount("rehearse_no_such_histogram_seconds"));
        // A bound the histogram does not have gives no share.
        Assert.Null(after.HistogramShareAtOrBelow(Name, 0.75));
    }
}
