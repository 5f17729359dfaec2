using FlashBench.Reporting.Comparison;
using FlashBench.Reporting.Charts;
using ScottPlot;

namespace FlashBench.Reporting.History;

/// <summary>Measurements over commits: one line per series through the per-commit levels, each round a small dot,
/// commits in the order they were measured along the x axis.</summary>
public static class HistoryChart
{
    public static IReadOnlyList<string> Save(IReadOnlyList<HistorySeries> series, string basePath)
    {
        var first = series[0].Measurement;
        var plot = ChartStyle.NewPlot(series.Count == 1 ? first.Name : $"{first.Experiment}: {series.Count} series", "commit (in the order measured)",
            $"{first.Metric} ({first.Direction.Arrow()} is better)");
        var commits = series.SelectMany(s => s.Commits.Select(c => c.Commit)).Distinct().ToList();
        for (int i = 0; i < series.Count; i++)
        {
            var color = ChartStyle.SeriesColor(i);
            var xs = series[i].Commits.Select(c => (double)commits.IndexOf(c.Commit)).ToArray();
            var line = plot.Add.Scatter(xs, series[i].Commits.Select(c => c.Median).ToArray(), color);
            line.LineWidth = 2;
            line.MarkerSize = 8;
            line.LegendText = series.Count == 1 ? "median of rounds" : $"{series[i].Measurement.Point} — {series[i].Testbed}";
            var rounds = plot.Add.ScatterPoints(
                series[i].Commits.SelectMany(c => c.Rounds.Select(_ => (double)commits.IndexOf(c.Commit))).ToArray(),
                series[i].Commits.SelectMany(c => c.Rounds).ToArray(), color);
            rounds.MarkerSize = 4;
            if (i == 0)
                rounds.LegendText = "one round (small dots)";
        }
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (int i = 0; i < commits.Count; i++)
            ticks.AddMajor(i, commits[i].Length > 8 ? commits[i][..8] : commits[i]);
        plot.Axes.Bottom.TickGenerator = ticks;
        ChartStyle.StartValueAxisAtZero(plot);
        ChartStyle.LegendOutside(plot, Edge.Bottom);
        return ChartFiles.Save(plot, basePath);
    }
}
