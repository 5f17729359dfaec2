using MathNet.Numerics.Distributions;

namespace FlashBench.Reporting.Comparison.Statistics;

/// <summary>The minimum detectable effect: the smallest true slowdown (in log terms) that the gate would flag with
/// probability <see cref="Power"/> at the spread seen. The gate flags when the lower bound clears no change, i.e. when
/// the estimate is more than q·SE above 0 (q the bound's quantile); a true effect δ does so with probability
/// Φ(δ/SE − q), which reaches the power at δ = (q + z_power)·SE.</summary>
public static class DetectableEffect
{
    /// <summary>The usual 80 % (Cohen): a slowdown of the stated size is flagged four times in five.</summary>
    public const double Power = 0.8;

    private static double PowerQuantile => Normal.InvCDF(0, 1, Power);

    /// <summary>From distribution-free bounds on a log scale at <paramref name="confidence"/> (their standard error is
    /// read off their half-width, as if the estimate were normal: it is a median of hundreds of slices).</summary>
    public static double FromBounds(double lowerLog, double upperLog, double confidence)
    {
        double quantile = Normal.InvCDF(0, 1, 1 - (1 - confidence) / 2);
        double standardError = (upperLog - lowerLog) / 2 / quantile;
        return (quantile + PowerQuantile) * standardError;
    }

    /// <summary>From a Student t interval over <paramref name="rounds"/> values of spread <paramref name="spread"/>.</summary>
    public static double FromStudent(double spread, int rounds, double confidence) =>
        rounds < 2 || double.IsNaN(spread) ? double.PositiveInfinity
            : (StudentInterval.Quantile(rounds - 1, confidence) + PowerQuantile) * spread / Math.Sqrt(rounds);

    /// <summary>Slices in all that would bring a detectable effect of <paramref name="effectLog"/> at
    /// <paramref name="slices"/> slices down to <paramref name="targetLog"/> (the standard error shrinks as 1/√n).</summary>
    public static int SlicesToResolve(int slices, double effectLog, double targetLog) =>
        (int)Math.Min(int.MaxValue, Math.Ceiling(slices * Math.Pow(effectLog / targetLog, 2)));

    /// <summary>Rounds in all (up to <see cref="RoundsNeeded.Cap"/>) whose Student detectable effect at this spread is at
    /// most <paramref name="targetLog"/>; null when none would do.</summary>
    public static int? RoundsToResolve(double spread, double targetLog, double confidence, int minimum)
    {
        if (double.IsNaN(spread))
            return null;
        for (int n = Math.Max(2, minimum); n <= RoundsNeeded.Cap; n++)
        {
            if (FromStudent(spread, n, confidence) <= targetLog)
                return n;
        }
        return null;
    }

    /// <summary>A log effect as a fraction: 0.0583 → 0.06.</summary>
    public static double AsFraction(double effectLog) => Math.Exp(effectLog) - 1;
}
