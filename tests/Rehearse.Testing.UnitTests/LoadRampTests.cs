namespace Rehearse.Testing.UnitTests;

/// <summary>The load ramp's levels, and which one is the capacity the benchmark states.</summary>
public sealed class LoadRampTests
{
    private const double Threshold = 1800;

    private static LoadLevel Level(int concurrency, double[] latencies, int refusals = 0, int errors = 0) =>
        new(concurrency, latencies, refusals, errors);

    // 20 answers: the 19th fastest is the p95 (nearest rank).
    private static double[] Answers(double usual, double p95) => [.. Enumerable.Repeat(usual, 18), p95, 9_999];

    [Fact]
    public void Levels_are_read_as_rising_positive_numbers()
    {
        Assert.Equal([1, 2, 4, 6, 8], LoadRamp.ParseLevels("1,2,4,6,8"));
        Assert.Equal([3], LoadRamp.ParseLevels(" 3 "));
        Assert.Contains("must rise", Assert.Throws<FormatException>(() => LoadRamp.ParseLevels("1,4,2")).Message, StringComparison.Ordinal);
        Assert.Contains("'0'", Assert.Throws<FormatException>(() => LoadRamp.ParseLevels("0,1")).Message, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => LoadRamp.ParseLevels("1,,2"));
        Assert.Throws<FormatException>(() => LoadRamp.ParseLevels("-1"));
    }

    [Fact]
    public void A_level_holds_only_with_its_p95_within_the_threshold_and_nothing_refused_or_failed()
    {
        Assert.Null(LoadRamp.Failure(Level(2, Answers(900, 1800)), Threshold));
        Assert.Equal("p95 1801 ms over 1800 ms", LoadRamp.Failure(Level(2, Answers(900, 1801)), Threshold));
        Assert.Equal("1 refused", LoadRamp.Failure(Level(2, Answers(900, 1000), refusals: 1), Threshold));
        Assert.Equal("p95 2500 ms over 1800 ms, 3 failed", LoadRamp.Failure(Level(2, Answers(900, 2500), errors: 3), Threshold));
        Assert.Equal("nothing measured", LoadRamp.Failure(Level(2, []), Threshold));
    }

    [Fact]
    public void The_capacity_is_the_last_level_before_the_first_that_failed()
    {
        LoadLevel[] levels =
        [
            Level(1, Answers(500, 700)),
            Level(2, Answers(600, 900)),
            Level(4, Answers(800, 1700)),
            Level(6, Answers(1200, 2600)),
            // Past a failure nothing counts, even a level that happened to hold on a quieter moment.
            Level(8, Answers(800, 1000)),
        ];

        Assert.Equal(4, LoadRamp.Capacity(levels, Threshold));
        Assert.Equal(2, LoadRamp.Capacity(levels, 1000));
        Assert.Equal(8, LoadRamp.Capacity(levels, 3000));
        Assert.Null(LoadRamp.Capacity([Level(1, Answers(500, 700), errors: 1), Level(2, Answers(500, 700))], Threshold));
        Assert.Null(LoadRamp.Capacity([], Threshold));
    }
}
