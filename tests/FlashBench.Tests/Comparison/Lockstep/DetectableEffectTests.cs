using FlashBench.Reporting.Comparison.Statistics;
using MathNet.Numerics.Distributions;

namespace FlashBench.Tests.Comparison.Lockstep;

public sealed class DetectableEffectTests
{
    [Fact]
    public void From_student_is_the_bound_quantile_plus_the_power_quantile_in_standard_errors()
    {
        double expected = (StudentInterval.Quantile(9, 0.99) + Normal.InvCDF(0, 1, 0.8)) * 0.03 / Math.Sqrt(10);

        Assert.Equal(expected, DetectableEffect.FromStudent(0.03, 10, 0.99), 12);
        Assert.Equal(double.PositiveInfinity, DetectableEffect.FromStudent(0.03, 1, 0.99));
    }

    [Fact]
    public void From_bounds_reads_the_standard_error_off_their_half_width()
    {
        // ±1.96 SE at 95 % with SE = 0.01: (1.96 + 0.84) × 0.01
        Assert.Equal(0.028, DetectableEffect.FromBounds(-0.0196, 0.0196, 0.95), 3);
    }

    [Fact]
    public void A_smaller_target_needs_more_rounds_and_slices()
    {
        int? fivePercent = DetectableEffect.RoundsToResolve(0.03, Math.Log(1.05), 0.99, minimum: 2);
        int? tenPercent = DetectableEffect.RoundsToResolve(0.03, Math.Log(1.10), 0.99, minimum: 2);

        Assert.NotNull(fivePercent);
        Assert.True(fivePercent > tenPercent);
        Assert.True(DetectableEffect.FromStudent(0.03, fivePercent!.Value, 0.99) <= Math.Log(1.05));
        Assert.True(DetectableEffect.FromStudent(0.03, fivePercent.Value - 1, 0.99) > Math.Log(1.05));
        Assert.Equal(400, DetectableEffect.SlicesToResolve(100, 0.10, 0.05));
    }
}
