namespace FlashBench.Reporting.Comparison.Statistics;

/// <summary>How many rounds in all would resolve an undecided comparison if the spread seen so far held: the
/// fewest n with t(n−1)·s/√n &lt; <paramref name="distance"/> (the gap between the estimate and the edge it must
/// clear), and at least <paramref name="minimum"/>. Null when no number up to <see cref="Cap"/> would do.</summary>
public static class RoundsNeeded
{
    public const int Cap = 100;

    public static int? InAll(double spread, double distance, double confidence, int minimum)
    {
        if (!(distance > 0) || double.IsNaN(spread))
            return null;
        for (int n = Math.Max(2, minimum); n <= Cap; n++)
        {
            if (StudentInterval.Quantile(n - 1, confidence) * spread / Math.Sqrt(n) < distance)
                return n;
        }
        return null;
    }
}
