using ScottPlot;

namespace FlashBench.Reporting.Charts;

/// <summary>One value per configuration, the paper's (hatched) beside the measured one: e.g. Table 2's I/O
/// latency per configuration, or effective GB/s per layout. Either value may be null (not reported / not run).</summary>
public sealed record PaperVsMeasured(string Label, double? Paper, double? Measured);

public static class PaperVsMeasuredChart
{
    public static Plot Create(string title, string yLabel, IReadOnlyList<PaperVsMeasured> points, string paperLegend = "paper", string measuredLegend = "measured here")
    {
        var plot = ChartStyle.NewPlot(title, "", yLabel);
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        var bars = new List<Bar>();
        var paperColor = ChartStyle.SeriesColor(7);
        var measuredColor = ChartStyle.SeriesColor(0);
        for (int i = 0; i < points.Count; i++)
        {
            double center = i * 3;
            if (points[i].Paper is { } paper)
                bars.Add(new Bar { Position = center - 0.45, Value = paper, Size = 0.8, FillColor = paperColor, FillHatch = new ScottPlot.Hatches.Striped(), FillHatchColor = Colors.White.WithAlpha(0.6) });
            if (points[i].Measured is { } measured)
                bars.Add(new Bar { Position = center + 0.45, Value = measured, Size = 0.8, FillColor = measuredColor });
            ticks.AddMajor(center, points[i].Label);
        }
        plot.Add.Bars(bars);
        plot.Axes.Bottom.TickGenerator = ticks;
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = paperLegend, FillColor = paperColor, FillHatch = new ScottPlot.Hatches.Striped(), FillHatchColor = Colors.White });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = measuredLegend, FillColor = measuredColor });
        ChartStyle.LegendOutside(plot);
        ChartStyle.StartValueAxisAtZero(plot);
        plot.Axes.SetLimitsX(-1.5, Math.Max(points.Count, 1) * 3 - 1.5);
        return plot;
    }
}
