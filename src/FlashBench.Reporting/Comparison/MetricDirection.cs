namespace FlashBench.Reporting.Comparison;

public enum MetricDirection
{
    LowerIsBetter,
    HigherIsBetter,
}

public static class MetricDirections
{
    /// <summary>Turns log(head ÷ base) into a log slowdown: above 0 is always worse.</summary>
    public static double LogSlowdown(this MetricDirection direction, double logRatio) =>
        direction == MetricDirection.LowerIsBetter ? logRatio : -logRatio;

    public static string Arrow(this MetricDirection direction) => direction == MetricDirection.HigherIsBetter ? "↑" : "↓";
}
