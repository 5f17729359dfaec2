using FlashBench.Core.Pairing;

namespace FlashBench.Tests.DeviceWatch;

/// <summary>Ratios of two configurations from paired measurements: the median of the per-pair ratios and
/// distribution-free order-statistic bounds.</summary>
public sealed class PairedRatioTests
{
    [Fact]
    public void The_ratio_is_the_median_of_the_pairs_ratios_not_the_ratio_of_medians()
    {
        // a device slowing down 30x for the last two pairs moves both sides alike: the paired ratios stay at 2
        double[] separate = [20, 22, 21, 600, 630];
        double[] bundled = [10, 11, 10.5, 300, 315];
        var ratio = PairedRatio.Of(separate, bundled)!;
        Assert.Equal(2.0, ratio.Median, 9);
        Assert.Equal(2.0, ratio.Lower, 9);
        Assert.Equal(2.0, ratio.Upper, 9);
        Assert.Equal(5, ratio.Pairs);
    }

    [Fact]
    public void Bounds_are_order_statistics_that_cover_the_asked_confidence()
    {
        double[] ratios = [.. Enumerable.Range(1, 12).Select(i => (double)i)];
        var ratio = PairedRatio.OfRatios(ratios)!;
        Assert.Equal(6.5, ratio.Median, 9);
        // n = 12: P(Bin(12, ½) ≤ 2) = 0.0193 ≤ 0.025 < P(≤ 3) = 0.073, so the bounds are the 3rd and 10th values
        Assert.Equal(3, ratio.Lower);
        Assert.Equal(10, ratio.Upper);
        Assert.InRange(ratio.Confidence, 0.95, 0.97);
        Assert.Equal("6.50× [3.00–10.00]", ratio.Format());
    }

    [Fact]
    public void With_few_pairs_the_bounds_are_the_range_and_say_their_lower_confidence()
    {
        var ratio = PairedRatio.OfRatios([1.7, 1.9, 1.8, 1.6])!;
        Assert.Equal(1.6, ratio.Lower);
        Assert.Equal(1.9, ratio.Upper);
        Assert.Equal(0.875, ratio.Confidence, 9);
    }

    [Fact]
    public void Pairs_missing_a_side_are_left_out_and_none_left_gives_null()
    {
        Assert.Equal(1, PairedRatio.Of([2, double.NaN, 0], [1, 1, 1])!.Pairs);
        Assert.Null(PairedRatio.Of([double.NaN], [1]));
        Assert.Throws<ArgumentException>(() => PairedRatio.Of([1, 2], [1]));
    }
}
