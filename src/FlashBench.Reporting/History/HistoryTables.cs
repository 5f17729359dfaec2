using System.Globalization;
using FlashBench.Reporting.Markdown;

namespace FlashBench.Reporting.History;

/// <summary>The tables `history show` and `history check` print.</summary>
public static class HistoryTables
{
    public static string Series(HistorySeries series)
    {
        var table = new MarkdownTable("commit", "runs", "rounds", series.Measurement.Metric, "vs previous").AlignRight(1, 2, 3, 4);
        double? previous = null;
        foreach (var commit in series.Commits)
        {
            table.AddRow(commit.ShortCommit, Whole(commit.Runs), Whole(commit.Rounds.Count), MarkdownText.Number(commit.Median, 3),
                previous is { } p && p != 0 ? MarkdownText.Number(commit.Median / p, 3) : "");
            previous = commit.Median;
        }
        return $"{series.Measurement.Name} [{series.Measurement.Metric} {Comparison.MetricDirections.Arrow(series.Measurement.Direction)}] on {series.Testbed}\n\n{table}";
    }

    public static string Shifts(IReadOnlyList<LevelShift> shifts)
    {
        var table = new MarkdownTable("measurement", "metric", "shifted at commit", "change", "previous commit", "level before", "level after", "slowdown", "testbed").AlignRight(5, 6, 7);
        foreach (var s in shifts)
            table.AddRow(s.Series.Measurement.Name, s.Series.Measurement.Metric, Short(s.Commit), s.Worse ? "worse" : "better", Short(s.PreviousCommit),
                MarkdownText.Number(s.Before, 3), MarkdownText.Number(s.After, 3), MarkdownText.Number(s.Slowdown, 3), s.Series.Testbed);
        return table.ToString();
    }

    private static string Short(string commit) => commit.Length > 10 ? commit[..10] : commit;

    private static string Whole(int value) => value.ToString(CultureInfo.InvariantCulture);
}
