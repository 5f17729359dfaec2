using FlashBench.Reporting.Comparison;
using FlashBench.Tests.Reporting;

namespace FlashBench.Tests.Comparison;

public sealed class RunComparerTests
{
    private static readonly (string, int, int, double)[] Grid =
    [
        ("direct", 4096, 1, 50), ("direct", 32768, 32, 7400), ("direct", 1 << 20, 32, 17000), ("buffered", 32768, 32, 6400),
    ];

    private static RunComparison Compare(string baseRun, string diffRun, ComparisonOptions? options = null) =>
        RunComparer.Compare([baseRun], [diffRun], options ?? new ComparisonOptions());

    [Fact]
    public void Identical_samples_are_all_the_same()
    {
        using var temp = new TempDirectory();
        string a = Path.Combine(temp.Path, "a"), b = Path.Combine(temp.Path, "b");
        ComparisonRuns.WriteThroughput(a, Grid);
        ComparisonRuns.WriteThroughput(b, Grid);

        var result = Compare(a, b);

        Assert.Equal(Grid.Length, result.Measurements.Count);
        Assert.All(result.Measurements, m => Assert.Equal(ComparisonVerdict.Same, m.Verdict));
        Assert.False(result.HasRegression);
        Assert.Equal(1.0, result.GeometricMeanSlowdown, 6);
        Assert.Empty(result.Unmatched);
    }

    [Fact]
    public void Throughput_twenty_percent_lower_is_slower()
    {
        using var temp = new TempDirectory();
        string a = Path.Combine(temp.Path, "a"), b = Path.Combine(temp.Path, "b");
        ComparisonRuns.WriteThroughput(a, Grid);
        ComparisonRuns.WriteThroughput(b, Grid.Select(p => p.Item2 == 32768 && p.Item1 == "direct" ? p with { Item4 = p.Item4 * 0.8 } : p));

        var result = Compare(a, b);

        var slower = Assert.Single(result.With(ComparisonVerdict.Slower));
        Assert.Equal("throughput: method=direct, chunk_bytes=32768, threads=32", slower.Name);
        Assert.Equal(0.8, slower.Ratio, 2);
        Assert.Equal(1.25, slower.Slowdown, 2);
        Assert.True(slower.PWorse < 0.05);
        Assert.True(result.HasRegression);
        Assert.Equal(Grid.Length - 1, result.With(ComparisonVerdict.Same).Count());
        Assert.True(result.GeometricMeanSlowdown > 1);
    }

    [Fact]
    public void Throughput_twenty_percent_higher_is_faster_not_a_regression()
    {
        using var temp = new TempDirectory();
        string a = Path.Combine(temp.Path, "a"), b = Path.Combine(temp.Path, "b");
        ComparisonRuns.WriteThroughput(a, Grid);
        ComparisonRuns.WriteThroughput(b, Grid.Select(p => p with { Item4 = p.Item4 * 1.2 }));

        var result = Compare(a, b);

        Assert.Equal(Grid.Length, result.With(ComparisonVerdict.Faster).Count());
        Assert.False(result.HasRegression);
    }

    [Fact]
    public void Io_ms_twenty_percent_higher_is_slower()
    {
        using var temp = new TempDirectory();
        string a = Path.Combine(temp.Path, "a"), b = Path.Combine(temp.Path, "b");
        ComparisonRuns.WriteWindowing(a, ioMs: 164);
        ComparisonRuns.WriteWindowing(b, ioMs: 164 * 1.2);

        var result = Compare(a, b);

        var m = Assert.Single(result.Measurements);
        Assert.Equal(ComparisonVerdict.Slower, m.Verdict);
        Assert.Equal("windowing: model=OPT-6.7B, precision=fp16, layout=bundled, window=4", m.Name);
        Assert.Equal(1.2, m.Slowdown, 2);
    }

    [Fact]
    public void Difference_within_the_threshold_is_not_flagged()
    {
        using var temp = new TempDirectory();
        string a = Path.Combine(temp.Path, "a"), b = Path.Combine(temp.Path, "b");
        ComparisonRuns.WriteWindowing(a, ioMs: 100);
        ComparisonRuns.WriteWindowing(b, ioMs: 102); // 2 % slower, ±1 % jitter, 5 % threshold

        var result = Compare(a, b);

        Assert.Equal(ComparisonVerdict.Same, Assert.Single(result.Measurements).Verdict);
        Assert.False(result.HasRegression);
    }

    [Fact]
    public void Difference_below_the_noise_floor_is_not_flagged()
    {
        using var temp = new TempDirectory();
        string a = Path.Combine(temp.Path, "a"), b = Path.Combine(temp.Path, "b");
        ComparisonRuns.WriteWindowing(a, ioMs: 0.010);
        ComparisonRuns.WriteWindowing(b, ioMs: 0.012); // 20 % slower but 2 µs: under a 0.01 ms floor

        Assert.Equal(ComparisonVerdict.Same, Assert.Single(Compare(a, b).Measurements).Verdict);
        Assert.Equal(ComparisonVerdict.Slower, Assert.Single(Compare(a, b, new ComparisonOptions(Noise: 0.0001)).Measurements).Verdict);
    }

    [Fact]
    public void Mismatched_grids_compare_what_matches_and_list_the_rest()
    {
        using var temp = new TempDirectory();
        string a = Path.Combine(temp.Path, "a"), b = Path.Combine(temp.Path, "b");
        ComparisonRuns.WriteThroughput(a, [("direct", 4096, 32, 1500), ("direct", 32768, 32, 7400)]);
        ComparisonRuns.WriteThroughput(b, [("direct", 32768, 32, 7400 * 0.7), ("direct", 1 << 20, 32, 17000)]);
        ComparisonRuns.WriteWindowing(a, ioMs: 164);

        var result = Compare(a, b);

        var matched = Assert.Single(result.Measurements);
        Assert.Equal(ComparisonVerdict.Slower, matched.Verdict);
        Assert.Contains(result.Unmatched, u => u.What == "method=direct, chunk_bytes=4096, threads=32" && u.Reason == "only in base");
        Assert.Contains(result.Unmatched, u => u.What == "method=direct, chunk_bytes=1048576, threads=32" && u.Reason == "only in diff");
        Assert.Contains(result.Unmatched, u => u.Experiment == "windowing" && u.Reason.StartsWith("not compared", StringComparison.Ordinal));
    }

    [Fact]
    public void Tokens_are_summed_over_layers_and_cold_tokens_excluded()
    {
        using var temp = new TempDirectory();
        string a = Path.Combine(temp.Path, "a"), b = Path.Combine(temp.Path, "b");
        ComparisonRuns.WriteTokens(a, perLayerMs: 20, layers: 4);
        ComparisonRuns.WriteTokens(b, perLayerMs: 20, layers: 4);

        var m = Assert.Single(RunComparer.Compare([a], [b], new ComparisonOptions()).Measurements);

        Assert.Equal("latency", m.Experiment);
        Assert.Equal(ComparisonRuns.Samples, m.BaseCount); // one sample per steady token, the cold one dropped
        Assert.InRange(m.BaseMedian, 80 * 0.99, 80 * 1.01); // 4 layers × 20 ms
        Assert.Equal(ComparisonVerdict.Same, m.Verdict);
    }

    [Fact]
    public void Rounds_are_pooled_per_side()
    {
        using var temp = new TempDirectory();
        string a1 = Path.Combine(temp.Path, "a1"), a2 = Path.Combine(temp.Path, "a2"), b1 = Path.Combine(temp.Path, "b1"), b2 = Path.Combine(temp.Path, "b2");
        ComparisonRuns.WriteTokens(a1, 20);
        ComparisonRuns.WriteTokens(a2, 20);
        ComparisonRuns.WriteTokens(b1, 25);
        ComparisonRuns.WriteTokens(b2, 25);

        var m = Assert.Single(RunComparer.Compare([a1, a2], [b1, b2], new ComparisonOptions()).Measurements);

        Assert.Equal(2 * ComparisonRuns.Samples, m.BaseCount);
        Assert.Equal(ComparisonVerdict.Slower, m.Verdict);
    }

    [Fact]
    public void Missing_run_directory_is_bad_input()
    {
        using var temp = new TempDirectory();
        Assert.Throws<DirectoryNotFoundException>(() => Compare(temp.Path, Path.Combine(temp.Path, "missing")));
    }

    [Fact]
    public void Missing_metric_column_is_bad_input()
    {
        using var temp = new TempDirectory();
        string a = Path.Combine(temp.Path, "a");
        Directory.CreateDirectory(a);
        File.Copy(Path.Combine(Fixtures.Reporting(), "broken", "windowing.csv"), Path.Combine(a, "windowing.csv"));

        var error = Assert.Throws<InvalidDataException>(() => Compare(a, a));
        Assert.Contains("io_ms", error.Message);
    }

    [Theory]
    [InlineData("5%", 0.05)]
    [InlineData("0.05", 0.05)]
    [InlineData("12.5%", 0.125)]
    public void Threshold_parses_percent_or_fraction(string text, double expected) =>
        Assert.Equal(expected, ComparisonOptions.ParseRelative(text)!.Value, 10);

    [Theory]
    [InlineData("5")]
    [InlineData("-1%")]
    [InlineData("abc")]
    public void Threshold_rejects_other_values(string text) => Assert.Null(ComparisonOptions.ParseRelative(text));
}

public sealed class SampleComparerTests
{
    [Theory]
    [InlineData(3, 3, false)] // smallest p = 1/20 = 0.05
    [InlineData(4, 4, true)]  // 1/70
    [InlineData(3, 5, true)]  // 1/56
    [InlineData(2, 4, false)] // 1/15
    [InlineData(2, 6, true)]  // 1/28
    public void Knows_when_the_test_can_reach_alpha(int n, int m, bool reachable) =>
        Assert.Equal(reachable, SampleComparer.CanReach(0.05, n, m));

    [Fact]
    public void Three_against_three_is_unknown_not_same()
    {
        double[] baseline = [100, 101, 99];
        double[] diff = [125, 126, 124]; // 25 % slower, but 3 v 3 cannot reach p < 0.05

        var (verdict, pWorse, _) = SampleComparer.Compare(baseline, diff, MetricDirection.LowerIsBetter, 0.05, 0.01, 0.05);

        Assert.Equal(ComparisonVerdict.Unknown, verdict);
        Assert.Equal(0.05, pWorse, 6);
    }

    [Fact]
    public void Huge_difference_is_flagged_even_with_few_samples()
    {
        // more than 10 × the threshold: practically significant whatever the sample size (Perfolizer's rule)
        var (verdict, _, _) = SampleComparer.Compare([100, 101, 99], [200, 201, 199], MetricDirection.LowerIsBetter, 0.05, 0.01, 0.05);
        Assert.Equal(ComparisonVerdict.Slower, verdict);
    }
}

public sealed class FewSamplesTests
{
    [Fact]
    public void Three_identical_samples_are_the_same()
    {
        var (verdict, _, _) = SampleComparer.Compare([100, 101, 99], [100, 101, 99], MetricDirection.HigherIsBetter, 0.05, 1, 0.05);
        Assert.Equal(ComparisonVerdict.Same, verdict);
    }
}
