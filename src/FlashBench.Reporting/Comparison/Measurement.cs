namespace FlashBench.Reporting.Comparison;

/// <summary>What a metric's value is and how to compare it.</summary>
public enum MetricKind
{
    /// <summary>A time or a rate measured with the flash device in the path: the device's drift from round to
    /// round is part of it, so a device reference is wanted to cancel it.</summary>
    DeviceBound,

    /// <summary>A time or a rate of warm code (page cache warm or data in memory, e.g. BenchmarkDotNet
    /// micro-benchmarks): no device in the path, no reference needed.</summary>
    Warm,

    /// <summary>A count that does not vary with timing (allocated bytes per operation): compared round by round
    /// against a fixed tolerance, not with statistics.</summary>
    Counted,
}

/// <summary>One measured quantity: an experiment's point (its key columns' values) and metric.
/// <paramref name="Family"/> is the gate it counts towards; <paramref name="Tolerance"/> applies to
/// <see cref="MetricKind.Counted"/> metrics only (in the metric's unit).</summary>
public sealed record Measurement(
    string Experiment, string Family, string Point, string Metric, MetricDirection Direction, MetricKind Kind, double Tolerance = 0)
{
    public string Name => $"{Experiment}: {Point}";

    public string Key => $"{Name} [{Metric}]";
}

/// <summary>One round of one measurement on one side: the median of its samples (null when every sample of the
/// round was excluded), the median of the device reference measured beside them (null when none ran), and how
/// many samples the median is over. A round is (run directory index on that side, pass).</summary>
public sealed record RoundMedian(int Run, int Pass, double? Median, double? Reference, int Samples);

/// <summary>A measurement's rounds on one side, in round order.</summary>
public sealed record MeasurementRounds(Measurement Measurement, IReadOnlyList<RoundMedian> Rounds);
