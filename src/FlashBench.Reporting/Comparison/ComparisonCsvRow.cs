using CsvHelper.Configuration.Attributes;

namespace FlashBench.Reporting.Comparison;

/// <summary>One row of compare.csv: a matched measurement, or (verdict "not compared") an unmatched one.</summary>
public sealed class ComparisonCsvRow
{
    public const string FileName = "compare.csv";

    [Name("experiment")] public string Experiment { get; set; } = "";
    [Name("measurement")] public string Measurement { get; set; } = "";
    [Name("metric")] public string Metric { get; set; } = "";
    [Name("verdict")] public string Verdict { get; set; } = "";
    [Name("base_median")] public double? BaseMedian { get; set; }
    [Name("diff_median")] public double? DiffMedian { get; set; }
    [Name("ratio")] public double? Ratio { get; set; }
    [Name("slowdown")] public double? Slowdown { get; set; }
    [Name("p_worse")] public double? PWorse { get; set; }
    [Name("p_better")] public double? PBetter { get; set; }
    [Name("base_n")] public int? BaseCount { get; set; }
    [Name("diff_n")] public int? DiffCount { get; set; }

    public static IEnumerable<ComparisonCsvRow> From(RunComparison comparison) =>
        comparison.Measurements.Select(m => new ComparisonCsvRow
        {
            Experiment = m.Experiment,
            Measurement = m.Parameters,
            Metric = m.Metric,
            Verdict = m.Verdict.ToString().ToLowerInvariant(),
            BaseMedian = m.BaseMedian,
            DiffMedian = m.DiffMedian,
            Ratio = Finite(m.Ratio),
            Slowdown = Finite(m.Slowdown),
            PWorse = Finite(m.PWorse),
            PBetter = Finite(m.PBetter),
            BaseCount = m.BaseCount,
            DiffCount = m.DiffCount,
        }).Concat(comparison.Unmatched.Select(u => new ComparisonCsvRow
        {
            Experiment = u.Experiment,
            Measurement = u.What,
            Verdict = "not compared: " + u.Reason,
        }));

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;
}
