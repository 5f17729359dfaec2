using FlashBench.Reporting.Comparison;
using MathNet.Numerics.Statistics;
using Perfolizer.Mathematics.Cpd;

namespace FlashBench.Reporting.History;

/// <summary>A level shift in a series: the first commit of the new level and the levels (medians of the segments
/// before and after it).</summary>
public sealed record LevelShift(HistorySeries Series, string Commit, string PreviousCommit, double Before, double After)
{
    /// <summary>After against before, above 1 = worse whichever way the metric points; NaN for counted metrics (which may be 0).</summary>
    public double Slowdown => Series.Measurement.Kind == MetricKind.Counted ? double.NaN : Math.Exp(Series.Measurement.Direction.LogSlowdown(Math.Log(After / Before)));

    public bool Worse => Series.Measurement.Direction.LogSlowdown(After - Before) > 0;
}

/// <summary>Change points over commits with ED-PELT (Perfolizer; Haynes, Fearnhead &amp; Eckley 2017), run on the
/// per-commit levels, as MongoDB and Hunter do over their histories: a shift is reported when the segment medians on
/// either side differ by at least the minimum magnitude (counted metrics: by more than their tolerance).
/// ED-PELT needs a point after a shift, so a step at the newest commit shows once another commit follows.</summary>
public static class LevelShifts
{
    public static IReadOnlyList<LevelShift> Detect(HistorySeries series, double minMagnitude)
    {
        var levels = series.Commits.Select(c => c.Median).ToArray();
        if (levels.Length < 3)
            return [];
        // Perfolizer returns the last index of each segment but the final one.
        var ends = EdPeltChangePointDetector.Instance.GetChangePointIndexes(levels, 1);
        var starts = new[] { 0 }.Concat(ends.Select(e => e + 1)).Append(levels.Length).ToArray();
        var shifts = new List<LevelShift>();
        for (int s = 1; s < starts.Length - 1; s++)
        {
            double before = levels[starts[s - 1]..starts[s]].Median();
            double after = levels[starts[s]..starts[s + 1]].Median();
            var measurement = series.Measurement;
            bool large = measurement.Kind == MetricKind.Counted
                ? Math.Abs(after - before) > measurement.Tolerance
                : before > 0 && after > 0 && Math.Abs(Math.Log(after / before)) >= Math.Log(1 + minMagnitude);
            if (!large)
                continue;
            shifts.Add(new LevelShift(series, series.Commits[starts[s]].Commit, series.Commits[starts[s] - 1].Commit, before, after));
        }
        return shifts;
    }
}
