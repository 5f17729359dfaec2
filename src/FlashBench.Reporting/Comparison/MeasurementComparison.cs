namespace FlashBench.Reporting.Comparison;

public enum ComparisonVerdict
{
    Same,
    Slower,
    Faster,
    /// <summary>The medians differ by more than the threshold, but there are too few samples for the test to
    /// confirm it at the significance level (e.g. 3 against 3 at α = 0.05); not counted as a regression.</summary>
    Unknown,
}

/// <summary>One measurement present on both sides. <see cref="Ratio"/> = diff median / base median of the metric;
/// <see cref="Slowdown"/> turns it so that above 1 is always worse (base/diff for higher-is-better metrics).
/// P values are the one-sided Mann–Whitney p that diff is worse (or better) than base by more than the threshold.</summary>
public sealed record MeasurementComparison(
    string Experiment, string Parameters, string Metric, MetricDirection Direction,
    int BaseCount, int DiffCount, double BaseMedian, double DiffMedian,
    ComparisonVerdict Verdict, double PWorse, double PBetter)
{
    public double Ratio => BaseMedian != 0 ? DiffMedian / BaseMedian : double.NaN;

    public double Slowdown => Direction == MetricDirection.LowerIsBetter ? Ratio : 1 / Ratio;

    public string Name => $"{Experiment}: {Parameters}";
}

/// <summary>A measurement on one side only, or an experiment whose file one side lacks.</summary>
public sealed record Unmatched(string Experiment, string What, string Reason);
