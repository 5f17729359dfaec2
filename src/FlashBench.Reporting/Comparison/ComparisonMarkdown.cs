using System.Globalization;
using System.Text;
using FlashBench.Reporting.Markdown;

namespace FlashBench.Reporting.Comparison;

/// <summary>compare.md: Slower, Faster and Same tables with ratio of medians and p values, the geometric mean,
/// and what could not be matched.</summary>
public static class ComparisonMarkdown
{
    public static string Format(RunComparison comparison)
    {
        var md = new StringBuilder();
        md.Append("# FlashBench comparison\n\n")
          .Append($"base: {string.Join(", ", comparison.BaseRuns)}  \ndiff: {string.Join(", ", comparison.DiffRuns)}  \n")
          .Append(string.Create(CultureInfo.InvariantCulture,
              $"Mann–Whitney equivalence test (Perfolizer), threshold {comparison.Options.RelativeThreshold:P1}, noise floor {NoiseText(comparison.Options)}, α = {comparison.Options.Alpha}.\n\n"));
        md.Append(string.Create(CultureInfo.InvariantCulture,
            $"**{comparison.With(ComparisonVerdict.Slower).Count()} slower, {comparison.With(ComparisonVerdict.Faster).Count()} faster, {comparison.With(ComparisonVerdict.Same).Count()} same")
            + (comparison.With(ComparisonVerdict.Unknown).Any() ? $", {comparison.With(ComparisonVerdict.Unknown).Count()} unknown (too few samples to decide)" : "")
            + $"** of {comparison.Measurements.Count} matched measurements. Geometric mean slowdown (diff vs base, above 1 = slower): {MarkdownText.Number(comparison.GeometricMeanSlowdown, 3)}.\n\n");
        foreach (var verdict in new[] { ComparisonVerdict.Slower, ComparisonVerdict.Faster, ComparisonVerdict.Unknown, ComparisonVerdict.Same })
        {
            var rows = comparison.With(verdict).OrderByDescending(m => verdict == ComparisonVerdict.Faster ? 1 / m.Slowdown : m.Slowdown).ToList();
            if (rows.Count == 0)
                continue;
            md.Append($"## {verdict}\n\n");
            if (verdict == ComparisonVerdict.Unknown)
                md.Append("The medians differ by more than the threshold, but there are too few samples for the Mann–Whitney test to reach α (at α = 0.05 it needs at least 4 per side, or 3 against 5); not counted as a regression: run more iterations or rounds.\n\n");
            md.Append(Table(rows)).Append('\n');
        }
        if (comparison.Unmatched.Count > 0)
        {
            md.Append("## Not compared\n\n");
            var table = new MarkdownTable("experiment", "measurement", "reason");
            foreach (var u in comparison.Unmatched)
                table.AddRow(u.Experiment, u.What, u.Reason);
            md.Append(table).Append('\n');
        }
        return md.ToString();
    }

    public static string Table(IEnumerable<MeasurementComparison> rows)
    {
        var table = new MarkdownTable("measurement", "metric", "base median", "diff median", "diff/base", "slowdown", "p worse", "p better", "n base/diff")
            .AlignRight(2, 3, 4, 5, 6, 7, 8);
        foreach (var m in rows)
            table.AddRow(m.Name, m.Metric + (m.Direction == MetricDirection.HigherIsBetter ? " ↑" : " ↓"),
                MarkdownText.Number(m.BaseMedian, 3), MarkdownText.Number(m.DiffMedian, 3),
                MarkdownText.Number(m.Ratio, 3), MarkdownText.Number(m.Slowdown, 3),
                PValue(m.PWorse), PValue(m.PBetter), string.Create(CultureInfo.InvariantCulture, $"{m.BaseCount}/{m.DiffCount}"));
        return table.ToString();
    }

    private static string PValue(double p) => double.IsFinite(p) ? p.ToString("0.0000", CultureInfo.InvariantCulture) : "n/a";

    private static string NoiseText(ComparisonOptions options) =>
        options.Noise is { } noise ? noise.ToString(CultureInfo.InvariantCulture) + " (metric units)" : "per experiment (1 MB/s; 0.01 ms; 0.001 GB/s)";
}
