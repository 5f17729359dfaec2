using CsvHelper.Configuration.Attributes;

namespace FlashBench.Reporting.Comparison;

/// <summary>One row of compare.csv: a compared point (timed: slowdown and bounds; counted: changes per round).</summary>
public sealed class ComparisonCsvRow
{
    public const string FileName = "compare.csv";

    [Name("experiment")] public string Experiment { get; set; } = "";
    [Name("family")] public string Family { get; set; } = "";
    [Name("measurement")] public string Measurement { get; set; } = "";
    [Name("metric")] public string Metric { get; set; } = "";
    [Name("kind")] public string Kind { get; set; } = "";
    [Name("verdict")] public string Verdict { get; set; } = "";
    [Name("rounds")] public int Rounds { get; set; }
    [Name("base_median")] public double BaseMedian { get; set; }
    [Name("head_median")] public double HeadMedian { get; set; }
    [Name("slowdown")] public double? Slowdown { get; set; }
    [Name("lower")] public double? Lower { get; set; }
    [Name("upper")] public double? Upper { get; set; }
    [Name("confidence")] public double? Confidence { get; set; }
    [Name("p")] public double? PValue { get; set; }
    [Name("q")] public double? QValue { get; set; }
    [Name("referenced")] public bool? Referenced { get; set; }
    [Name("rounds_to_resolve")] public int? RoundsToResolve { get; set; }
    [Name("smallest_change")] public double? SmallestChange { get; set; }
    [Name("largest_change")] public double? LargestChange { get; set; }

    public static IEnumerable<ComparisonCsvRow> From(ComparisonReport report) =>
        report.Points.Select(p => new ComparisonCsvRow
        {
            Experiment = p.Measurement.Experiment, Family = p.Measurement.Family, Measurement = p.Measurement.Point, Metric = p.Measurement.Metric,
            Kind = p.Measurement.Kind.ToString(), Verdict = p.Verdict.ToString().ToLowerInvariant(), Rounds = p.Rounds,
            BaseMedian = p.BaseMedian, HeadMedian = p.HeadMedian, Slowdown = p.Slowdown, Lower = Finite(p.Lower), Upper = Finite(p.Upper),
            Confidence = p.Confidence, PValue = p.PValue, QValue = p.QValue, Referenced = p.Referenced, RoundsToResolve = p.RoundsInAll,
        }).Concat(report.Counted.Select(c => new ComparisonCsvRow
        {
            Experiment = c.Measurement.Experiment, Family = c.Measurement.Family, Measurement = c.Measurement.Point, Metric = c.Measurement.Metric,
            Kind = c.Measurement.Kind.ToString(), Verdict = c.Verdict.ToString().ToLowerInvariant(), Rounds = c.Rounds,
            BaseMedian = c.BaseMedian, HeadMedian = c.HeadMedian, SmallestChange = c.SmallestChange, LargestChange = c.LargestChange,
        }));

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;
}
