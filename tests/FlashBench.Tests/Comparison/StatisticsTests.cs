using FlashBench.Reporting.Comparison.Statistics;

namespace FlashBench.Tests.Comparison;

public sealed class SignedRankTests
{
    [Fact]
    public void All_positive_of_six_has_the_smallest_two_sided_p() => Assert.Equal(2.0 / 64, SignedRank.PValue([1, 2, 3, 4, 5, 6]), 12);

    [Fact]
    public void One_small_negative_of_six() =>
        // W+ = 19: rank sums ≥ 19 are {21, 20, 19} (negatives {}, {1}, {2}): 3/64 per side
        Assert.Equal(6.0 / 64, SignedRank.PValue([1, -2, 3, 4, 5, 6]), 12);

    [Fact]
    public void No_change_and_symmetric_ties_give_p_one()
    {
        Assert.Equal(1, SignedRank.PValue([0, 0, 0]));
        Assert.Equal(1, SignedRank.PValue([1, 1, -1]), 12);
    }

    [Theory]
    [InlineData(5, 0.95, -1)] // 2^-5 = 3.1 % > 2.5 %: no bound at all
    [InlineData(6, 0.95, 0)]
    [InlineData(10, 0.95, 8)] // the textbook critical value for n = 10, two-sided 5 %
    [InlineData(10, 0.99, 3)]
    public void Critical_rank_sums_match_the_tables(int n, double confidence, int expected) =>
        Assert.Equal(expected, SignedRank.CriticalRankSum(n, confidence));

    [Fact]
    public void Minimum_rounds_for_a_bound()
    {
        Assert.Equal(6, SignedRank.MinimumRounds(0.95));
        Assert.Equal(8, SignedRank.MinimumRounds(0.99));
    }

    [Fact]
    public void Bounds_are_walsh_average_order_statistics()
    {
        Assert.Equal((1.0, 6.0), SignedRank.Bounds([3, 1, 6, 2, 5, 4], 0.95));
        Assert.Equal((double.NegativeInfinity, double.PositiveInfinity), SignedRank.Bounds([1, 2, 3], 0.95));
        // n = 10, k = 8: the 9th smallest of the 55 Walsh averages of 1..10 (1, 1.5, 2, 2, 2.5, 2.5, 3, 3, 3, …)
        // is 3, and by symmetry the 9th largest is 8
        var (lower, upper) = SignedRank.Bounds([.. Enumerable.Range(1, 10).Select(i => (double)i)], 0.95);
        Assert.Equal(3, lower);
        Assert.Equal(8, upper);
    }
}

public sealed class FalseDiscoveryRateTests
{
    [Fact]
    public void Benjamini_hochberg_on_a_known_input() =>
        Assert.Equal([0.02, 0.04, 0.04, 0.02], FalseDiscoveryRate.Adjust([0.01, 0.04, 0.03, 0.005]).Select(q => Math.Round(q, 12)));

    [Fact]
    public void Adjusted_values_never_exceed_one() =>
        Assert.All(FalseDiscoveryRate.Adjust([0.9, 0.95, 1]), q => Assert.InRange(q, 0, 1));
}

public sealed class StudentIntervalTests
{
    [Fact]
    public void Interval_of_a_known_sample()
    {
        var (mean, lower, upper) = StudentInterval.Of([0.1, 0.2, 0.3], 0.95);
        Assert.Equal(0.2, mean, 12);
        Assert.Equal(0.2 - 4.302653 * 0.1 / Math.Sqrt(3), lower, 5); // t(2, 0.975) = 4.302653
        Assert.Equal(0.2 + 4.302653 * 0.1 / Math.Sqrt(3), upper, 5);
    }

    [Fact]
    public void The_spread_of_round_means_is_floored_by_the_points_residual_noise()
    {
        // 2 points × 3 rounds, point effects 0 and 1 (removed), residuals ±0.1, 0: s²_e = 0.04 / ((2−1)(3−1)), floor √(s²_e / 2) = 0.1
        IReadOnlyDictionary<int, double>[] points =
        [
            new Dictionary<int, double> { [0] = 0.1, [1] = -0.1, [2] = 0.0 },
            new Dictionary<int, double> { [0] = 0.9, [1] = 1.1, [2] = 1.0 },
        ];
        Assert.Equal(0.1, RoundMeanSpread.Floor(points), 12);
        Assert.Equal(0.1, RoundMeanSpread.Of([0.5, 0.5, 0.5], points), 12);
        Assert.Equal(1.0, RoundMeanSpread.Of([0, 1, 2], points), 12);  // the round means' own SD when it is larger
        Assert.Equal(0, RoundMeanSpread.Floor([points[0]]));           // one point: nothing to floor with
    }

    [Fact]
    public void Rounds_needed_grow_with_the_spread()
    {
        Assert.Equal(2, RoundsNeeded.InAll(spread: 0, distance: 0.1, confidence: 0.95, minimum: 2));
        Assert.True(RoundsNeeded.InAll(0.1, 0.1, 0.95, 2) < RoundsNeeded.InAll(0.2, 0.1, 0.95, 2));
        Assert.Null(RoundsNeeded.InAll(1, 0.01, 0.95, 2));
    }
}
